"""Whether the split-name rule flags a real host: a curated name split by a dot between a
subdomain and the bought name (``ga.zetaprawna.pl``).

``eval_lookalikes.py`` judges registrable domains, where no subdomain is, so this runs every
real host with a subdomain through the shipped registry: the Google News list (which keeps
hosts such as ``6thfloor.blogs.nytimes.com``), the top-10k ranking, the hard negatives and the
links of ``../shared/examples/``. Every host that the rule flags is a false positive (these are
legitimate sites); the script lists them and exits 1.

Run: ``python scripts/check_split_hosts.py [FILE ...]`` (a host per line, or text with links;
the shared data by default).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lookalike_sets as sets  # noqa: E402

from threadscope.assessment import assess, load_registry  # noqa: E402
from threadscope.assessment.registry import BrandRegistry  # noqa: E402
from threadscope.errors import ThreadscopeError  # noqa: E402
from threadscope.names import split_host  # noqa: E402

SPLIT = "split by a dot"
"""The words of the reason the rule gives (``core._split_name``)."""
_HOST_LINE = re.compile(r"[a-z0-9][a-z0-9.-]*\.[a-z]{2,}")
_LINK_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)")


def default_sources() -> list[Path]:
    examples = sets.DATA.parent / "examples"
    found = [sets.NEWS, sets.TOP10K, sets.HARD_NEGATIVES]
    return [*found, *sorted(examples.glob("*"))] if examples.is_dir() else found


def hosts_in(text: str) -> set[str]:
    """The host of each line that is one, and of each link."""
    found = {line.strip().lower() for line in text.splitlines()}
    hosts = {line for line in found if _HOST_LINE.fullmatch(line)}
    hosts.update(host.lower().strip(".") for host in _LINK_HOST.findall(text))
    return hosts


def with_subdomain(hosts: Iterable[str]) -> Iterator[str]:
    for host in sorted(hosts):
        parts = split_host(host)
        if parts.suffix and parts.name and parts.subdomain and parts.subdomain != "www":
            yield host


def split_flags(hosts: Iterable[str], registry: BrandRegistry) -> Iterator[tuple[str, str]]:
    """Each host that the split-name rule flags, with the reason it gives."""
    for host in hosts:
        try:
            result = assess(host, registry)
        except ThreadscopeError:
            continue
        if result.verdict.flagged and result.reasons and SPLIT in result.reasons[0].detail:
            yield host, result.reasons[0].detail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="the shared data by default")
    args = parser.parse_args()
    sources = args.files or default_sources()
    missing = [path for path in sources if not path.exists()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    hosts: set[str] = set()
    for path in sources:
        hosts |= hosts_in(path.read_text(encoding="utf-8", errors="replace"))
    real = list(with_subdomain(hosts))
    flagged = list(split_flags(real, load_registry()))
    for host, detail in flagged:
        print(f"flagged {host}: {detail}")
    print(f"{len(real)} hosts with a subdomain, {len(flagged)} flagged by a split name")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
