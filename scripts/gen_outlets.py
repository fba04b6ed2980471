"""Write ``threadscope/data/outlets.tsv``: the tier of known news outlets.

A domain that is itself a known outlet is not a look-alike of another one (thestate.com is
The State, not state.gov), and a known outlet is protected in the default mode. Four public
lists, all shipped inside packages on PyPI, are merged (all MIT-licensed):

- the publisher definitions of **fundus** (0.5.7), ``fundus/publishers/<country>/__init__.py``:
  about 180 outlets with their name and their country (read with ``ast``, never imported);
- the source database of **newscatcher** (0.2.0), ``newscatcher/data/package_rss.db`` (SQLite,
  read-only): about 3,500 news sites worldwide, many European, with their language and, for
  some, their country;
- Google News' source list, ``newspaper/resources/misc/google_sources.txt`` in **newspaper4k**
  (0.9.6): about 6,300 distinct domains, mostly English-language, no names or countries;
- newspaper4k's ``newspaper/resources/misc/popular_sources.txt``: 260 popular news and
  magazine sites (cosmopolitan.com, elle.com, theverge.com …).

Each entry is reduced to its registrable domain (``mobile.metronews.ca`` → ``metronews.ca``).
The market (country) is fundus's or newscatcher's, else the domain's country-code suffix;
empty for generic suffixes. Run, with the three wheels fetched by ``pip download --no-deps
newspaper4k==0.9.6 fundus==0.5.7 newscatcher==0.2.0``::

    python scripts/gen_outlets.py newspaper4k-0.9.6-py3-none-any.whl \\
        fundus-0.5.7-py3-none-any.whl newscatcher-0.2.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import ast
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from threadscope.assessment.markets import market_of_suffix
from threadscope.names import split_host

ROOT = Path(__file__).resolve().parent.parent
GOOGLE = "newspaper/resources/misc/google_sources.txt"
POPULAR = "newspaper/resources/misc/popular_sources.txt"
NEWSCATCHER = "newscatcher/data/package_rss.db"
FUNDUS_COUNTRIES = {"ind": "IN", "isl": "IS", "uk": "UK"}
"""fundus's folder names that are not ISO 3166 alpha-2 codes (UK as in brands.tsv)."""
ISO_ALIASES = {"GB": "UK"}
"""brands.tsv writes UK for the United Kingdom."""


def listed_hosts(wheel: Path, member: str) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(member).decode("utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


def fundus_publishers(wheel: Path) -> list[tuple[str, str, str]]:
    """(domain, country, name) for every ``Publisher(name=..., domain=...)`` call."""
    found: list[tuple[str, str, str]] = []
    with zipfile.ZipFile(wheel) as archive:
        for member in sorted(archive.namelist()):
            parts = member.split("/")
            if len(parts) != 4 or parts[:2] != ["fundus", "publishers"]:
                continue
            if parts[3] != "__init__.py":
                continue
            folder = parts[2]
            country = FUNDUS_COUNTRIES.get(folder, folder.upper())
            tree = ast.parse(archive.read(member).decode("utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Publisher"):
                    continue
                fields = {
                    k.arg: k.value.value
                    for k in node.keywords
                    if isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
                }
                if "name" in fields and "domain" in fields:
                    host = fields["domain"].split("//", 1)[-1].split("/", 1)[0].lower()
                    found.append((host, country, fields["name"]))
    return found


def newscatcher_sources(wheel: Path) -> list[tuple[str, str]]:
    """(host, country or '') of every row of newscatcher's ``rss_main`` table."""
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "package_rss.db"
        path.write_bytes(archive.read(NEWSCATCHER))
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
            rows = database.execute(
                "SELECT clean_url, clean_country FROM rss_main ORDER BY clean_url"
            ).fetchall()
    found: list[tuple[str, str]] = []
    for host, country in rows:
        code = str(country or "").upper()
        code = ISO_ALIASES.get(code, code) if len(code) == 2 and code.isalpha() else ""
        found.append((str(host).strip().lower(), code))
    return found


def registrable(host: str) -> str | None:
    parts = split_host(host.removeprefix("www."))
    return parts.registrable if parts.name and parts.suffix else None


def suffix_market(domain: str) -> str:
    return market_of_suffix(split_host(domain).suffix) or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("newspaper4k", type=Path, help="the newspaper4k wheel")
    parser.add_argument("fundus", type=Path, help="the fundus wheel")
    parser.add_argument("newscatcher", type=Path, help="the newscatcher wheel")
    args = parser.parse_args()
    outlets: dict[str, tuple[str, str, str]] = {}
    for host, country, name in fundus_publishers(args.fundus):
        domain = registrable(host)
        if domain and domain not in outlets:
            outlets[domain] = (country, name, "fundus")
    for host, country in newscatcher_sources(args.newscatcher):
        domain = registrable(host)
        if not domain:
            continue
        if domain in outlets:
            known, name, source = outlets[domain]
            if not known and country:
                outlets[domain] = (country, name, source)
            continue
        outlets[domain] = (country or suffix_market(domain), "", "newscatcher")
    for member, source in ((POPULAR, "newspaper-popular"), (GOOGLE, "google-news")):
        for host in listed_hosts(args.newspaper4k, member):
            domain = registrable(host)
            if domain and domain not in outlets:
                outlets[domain] = (suffix_market(domain), "", source)
    header = (
        "# Known news outlets (tier 2, category news): a domain listed here is an outlet of its\n"
        "# own, never a look-alike, and is protected like the popular tier.\n"
        "# Generated by scripts/gen_outlets.py from fundus 0.5.7's publishers, newscatcher\n"
        "# 0.2.0's source database (newscatcher/data/package_rss.db), and newspaper4k 0.9.6's\n"
        "# popular_sources.txt and Google News source list (google_sources.txt); all MIT.\n"
        "# domain<TAB>market (ISO 3166 alpha-2, UK for the United Kingdom; empty if unknown)"
        "<TAB>name (fundus only)<TAB>source\n"
    )
    lines = [f"{d}\t{c}\t{n}\t{s}" for d, (c, n, s) in sorted(outlets.items())]
    target = ROOT / "threadscope" / "data" / "outlets.tsv"
    target.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} outlets to {target}")


if __name__ == "__main__":
    main()
