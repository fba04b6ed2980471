"""Write ``threadscope/data/popular.txt``: the second, lower-weight tier of protected names.

Source: the shared Tranco-derived ranking of the 10,000 most popular registrable domains (2025),
``../shared/data/popular-domains-top10k.txt`` from the repository root. We keep its first
``--top`` entries (all 10,000 by default) as look-alike targets, less the names RFC 2606
reserves for documentation (example.com, .net, .org), which belong to no one.
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
        if domain in RESERVED:
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
