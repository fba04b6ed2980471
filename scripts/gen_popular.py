"""Write ``threadscope/data/popular.txt``: the second, lower-weight tier of protected names.

Source: the shared Tranco-derived ranking of the 10,000 most popular registrable domains (2025),
``../shared/data/popular-domains-top10k.txt`` from the repository root. We keep its first
``--top`` entries (all 10,000 by default) as look-alike targets, less the names RFC 2606
reserves for documentation (example.com, .net, .org), which belong to no one, and the wildcard
DNS services (``WILDCARD_DNS``: nip.io answers ``welt.de.1.2.3.4.nip.io`` with 1.2.3.4), whose
every name belongs to whoever writes it: listed, each of those names was the service's
"official" site, score 0, a clone at welt.de.1.2.3.4.nip.io too.
``scripts/eval_lookalikes.py`` measures false positives on the ranking with each domain judged
by a registry that does not list it (``lookalike_sets.py``).

Run: ``python scripts/gen_popular.py [--top N] [--source PATH]``.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESERVED = frozenset({"example.com", "example.net", "example.org"})
WILDCARD_DNS = frozenset({
    "nip.io", "sslip.io", "xip.io", "nip.direct", "traefik.me", "localtest.me", "lvh.me",
    "vcap.me", "lacolhost.com", "localhost.direct",
})
"""Services that answer every name under them with an address written in the name (or with
loopback): no one's site, so no brand (``welt.de.nip.io`` is then read as ``welt.de`` written
as a subdomain of a name that is not theirs)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10_000)
    parser.add_argument(
        "--source", type=Path, default=ROOT.parent / "shared/data/popular-domains-top10k.txt"
    )
    args = parser.parse_args()
    domains: list[str] = []
    for line in args.source.read_text("utf-8").splitlines():
        domain = line.strip().lower()
        if domain in RESERVED or domain in WILDCARD_DNS:
            continue
        if domain and not domain.startswith("#") and domain not in domains:
            domains.append(domain)
        if len(domains) >= args.top:
            break
    header = (
        f"# Tier 2 look-alike targets: the top {len(domains)} entries of a Tranco-derived ranking\n"
        "# of popular registrable domains (2025; shared/data/popular-domains-top10k.txt),\n"
        f"# taken {datetime.date.today().isoformat()} by scripts/gen_popular.py.\n"
        "# One domain a line.\n"
    )
    target = ROOT / "threadscope" / "data" / "popular.txt"
    target.write_text(header + "\n".join(domains) + "\n", encoding="utf-8")
    print(f"wrote {len(domains)} domains to {target}")


if __name__ == "__main__":
    main()
