"""Write ``threadscope/data/outlets.tsv``: the tier of known news outlets.

A domain that is itself a known outlet is not a look-alike of another one (thestate.com is
The State, not state.gov), and a known outlet is protected in the default mode. Six public
lists, shipped inside packages on PyPI (MIT-licensed) and npm (ISC-licensed), are merged:

- the publisher definitions of **fundus** (0.5.7), ``fundus/publishers/<country>/__init__.py``:
  about 180 outlets with their name and their country (read with ``ast``, never imported);
- the source database of **newscatcher** (0.2.0), ``newscatcher/data/package_rss.db`` (SQLite,
  read-only): about 3,500 news sites worldwide, many European, with their language and, for
  some, their country;
- Google News' source list, ``newspaper/resources/misc/google_sources.txt`` in **newspaper4k**
  (0.9.6): about 6,300 distinct domains, mostly English-language, no names or countries;
- newspaper4k's ``newspaper/resources/misc/popular_sources.txt``: 260 popular news and
  magazine sites (cosmopolitan.com, elle.com, theverge.com …);
- the npm package **news-sources** (0.2.0, ISC, github.com/ournet/news-sources),
  ``package/data/sources/<country>.json``: 372 outlets of nine countries (BG CZ ES HU IN IT MD
  RO RU) with their name, address and country (JSON read with the standard library from the
  tarball; none of its code is run); about 230 of its domains are in none of the other lists;
- the site list of **Bypass Paywalls Clean**, the browser extension's ``sites.js`` (MIT) as
  shipped in the PyPI package **bpc-fetch** (0.1.1, MIT; its README: "The data/sites.js file
  is from the Bypass Paywalls Clean project (MIT License)"), ``bpc_fetch/data/sites.js``,
  read as text with regular expressions, never run: about 930 paywalled news sites and
  magazines, many European (76 German, 69 French by its own count), with their name, and
  publisher groups whose id names their country (``###_de_funke_medien``); 599 of its
  domains are in none of the other lists, among them historia.fr and geo.de, which the
  Doppelganger set's clones imitate. Left out: its section of paywall-script vendors
  (piano.io, poool.fr), the Medium group (blogs), and ``BPC_NOT_OUTLETS``, sites it lists
  that publish no news of their own (study help, questions and answers, jobs, data and
  ratings, academic platforms, a blogging platform, newspaper archives and kiosks).

Each entry is reduced to its registrable domain (``mobile.metronews.ca`` → ``metronews.ca``).
The market (country) is fundus's, newscatcher's or news-sources', else the domain's
country-code suffix, else (Bypass Paywalls Clean's sites only) its publisher group's
country; empty for generic suffixes. Bypass Paywalls Clean's sites come last: a domain
another list has keeps that list's entry. news-sources' country and name are taken only
where its address is the domain's home page: ``ru.euronews.com`` or ``bbc.com/russian/`` is
an edition of a wider site, whose market is not that edition's country. Run, with the four
wheels fetched by ``pip download --no-deps newspaper4k==0.9.6 fundus==0.5.7
newscatcher==0.2.0 bpc-fetch==0.1.1`` (bpc-fetch's wheel has sha256
0f338853a6aa7491b127847fc498cc891f9b0c6e24a83e91de4b4202b3e9bc48) and the tarball by
``npm pack news-sources@0.2.0`` (or from
https://registry.npmjs.org/news-sources/-/news-sources-0.2.0.tgz, sha1
7c8916612b2be30989276daf040b70dabc5c20fc)::

    python scripts/gen_outlets.py newspaper4k-0.9.6-py3-none-any.whl \\
        fundus-0.5.7-py3-none-any.whl newscatcher-0.2.0-py3-none-any.whl \\
        news-sources-0.2.0.tgz bpc_fetch-0.1.1-py3-none-any.whl

Looked at and not used, so that the next search need not repeat them: calibre's built-in
news recipes (Debian calibre 6.13, about 1,200 outlet domains, 649 new: GPL-3, and adding
them lowered the eval's dev recall, as more outlets sharing one name, cosmopolitan.com,
.co.uk and .de, left a copy credited to the wrong one); @postlight/parser 2.2.3's custom
extractors (162 sites, also government, company and code-hosting sites: not a list of
outlets); feedkit 0.1.1 (444 feeds, mostly science and finance blogs) and Liferea's sample
feed lists (about 120 sites, mostly technology blogs): small, and not lists of outlets. The
other news packages read (newspaper3k, news-please, gnews, pygooglenews, trafilatura,
goose3, mediacloud-metadata, mc-providers, ural, morss) ship no list of outlets.

Searched again for issue #10 (lists with non-English European outlets, media-bias data sets,
RSS readers' sample feeds, GDELT or Wikidata source lists), none used:

- PyPI. **freebie** 0.1.4 (``freebie/websources.csv``: 876 sources, 627 English, 227
  Spanish, 19 German, no Polish or French; 442 domains new to this table) mixes outlets
  with NGOs, UN agencies and government sites (actionaid.org, fao.org, iaea.org, eeoc.gov),
  and its licence is unclear (GPL-3 in setup.py, an MIT badge in the README); merged in,
  it moved no Doppelganger or false-positive figure of the eval and lost elmundo-noticias.com
  in our labelled set (elmundo1070.com, a radio station, now dresses the name).
  **bilbyai-source-label-map** 0.2.8 (MIT): about 580 Chinese source keys with names, no
  domains. **syscred** 2.4.1 (MIT): 48 hand-picked domains, credible or not, of every kind
  (nature.com, who.int, infowars.com). **newspaper-scraper** 0.2.1 (MIT): seven German
  national sites. **gdelt** 0.1.14 (GPL-3):
  a sample of one GDELT mentions file (205 source domains), not a list. **yt-dlp**
  2026.10.26 (Unlicense): about 970 extractors for video sites of every kind, broadcasters
  among them: not a list of outlets. RSSIngest 0.0.36: four feeds. Ship no list:
  mcp-news 1.1.2, newspy 2.2.23.1 and articlay 1.1.6 (they fetch theirs at run time),
  newsworker 1.4.0, openrssgate 0.1.4, gdeltdoc 1.12.0, mediacloud 5.2.0; news-uasro
  0.1.4, mediabiasensemble 0.3 and mb-ensemble 0.2 are empty wheels.
- Debian 12. **rss-bridge** 2022-01-20 (public domain): 312 bridges, 299 site domains of every
  kind (leboncoin.fr, allocine.fr, mydealz.de beside heise.de, mediapart.fr): not a list of
  outlets. rssguard 4.0.4's sample feeds, compiled into librssguard.so, name four hosts;
  no feed list is in the files of akregator 22.12.3, quiterss 0.19.4, newsboat 2.21, tt-rss
  21~git20210204, gnome-feeds 0.16.2 or sfeed 1.7; e2guardian 5.3.5 and squidguard 1.6.0
  ship only empty list files, no categories.
- Not in the package lists at all: an MBFC- or AllSides-like rating table, a Wikidata
  outlet list, a URL category list with a press category (UT1, Shalla, DMOZ), Zotero's
  translators, GDELT's source list.

Searched a third time for issue #10 on 2026-12-02 (news and magazine lists with European
outlets, feed readers' catalogues, source-trust and fact-checking tools, paywall lists):

- PyPI. **bpc-fetch** 0.1.1: used (above). freeread 0.3.6 (a paywall reader) names a dozen
  hosts in its code, no list; news-fetch 1.0.0 ships none; the source-trust tools entropy0
  0.1.3, fireguard 0.2.1 and dokis 0.3.0 ship no list of sources (they ask a service or
  the user). The offline package index names no further package with a media-bias table,
  a list of news sites by country, an OPML catalogue or a Wikidata outlet list.
- npm. The registry's search is not served here (``npm search`` answers 404), and the
  offline package index (popular packages only) names no news-outlet, media-list, RSS
  catalogue or paywall-site package; news-sources (above) is the one known.
- Debian 12. No package named like newspaper; Thunderbird 153.8 ships no feed list (its
  feed code only); cairo-dock-rssreader-plug-in 3.4.1 no default feed;
  claws-mail-feeds-reader 4.1.1 and feed2exec 0.19.0 are code only. The Wikidata packages
  (wdq, libwikidata-toolkit-java, node-wikidata-lang) query the service or list languages.

Older releases of the lists used add nothing: news-sources 0.1.12 has the same nine
countries, fundus 0.4.6 only one publisher that 0.5.7 dropped (9news.com.au, listed anyway).

Of the outlets that the Doppelganger set's built-in misses imitated, only Bypass Paywalls
Clean holds any (historia.fr, and held out geo.de); none of the lists above holds
ciekawostkihistoryczne.pl, conspiracywatch.info, dzieckowpodrozy.pl, dzienniknaukowy.pl,
graziamagazine.com, lilith.org, mynaszlaku.pl, or held out oah.org, psychologie-heute.de or
thuriesmagazine.fr.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sqlite3
import tarfile
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from threadscope.assessment.markets import market_of_suffix
from threadscope.names import split_host

ROOT = Path(__file__).resolve().parent.parent
GOOGLE = "newspaper/resources/misc/google_sources.txt"
POPULAR = "newspaper/resources/misc/popular_sources.txt"
NEWSCATCHER = "newscatcher/data/package_rss.db"
NEWS_SOURCES = "package/data/sources/"
FUNDUS_COUNTRIES = {"ind": "IN", "isl": "IS", "uk": "UK"}
"""fundus's folder names that are not ISO 3166 alpha-2 codes (UK as in brands.tsv)."""
ISO_ALIASES = {"GB": "UK"}
"""brands.tsv writes UK for the United Kingdom."""
BPC_SITES = "bpc_fetch/data/sites.js"
BPC_DEFAULT_SITES = '\n  "* Default sites": {'
"""The section of sites.js listing sites; the next ``"* …"`` section lists paywall-script
vendors (piano.io, poool.fr), which are not outlets."""
BPC_ENTRY = re.compile(r'^  "((?:[^"\\\n]|\\.)*)": \{$', re.MULTILINE)
BPC_DOMAIN = re.compile(r'^    domain: "([^"]*)"', re.MULTILINE)
BPC_GROUP = re.compile(r"^    group: \[(.*?)\]", re.MULTILINE | re.DOTALL)
BPC_NOFIX = re.compile(r"^var ([a-z_]*nofix[a-z_]*) = \[([^\]]*)\]", re.MULTILINE)
BPC_QUOTED = re.compile(r"""["']([^"'\s]+)["']""")
BPC_NOT_OUTLETS = frozenset({
    "###_medium",  # Medium and the blogs it hosts under their own domains
    # services that publish no news of their own, listed for their paywalls or regwalls:
    # study help, questions and answers, jobs, slides, data and ratings, research platforms,
    # academic publishing, a blogging platform, newspaper archives and kiosks
    "acs.org", "bnef.com", "brill.com", "chegg.com", "coursehero.com", "enotes.com",
    "eliteprospects.com", "glassdoor.com", "inkl.com", "lexisnexis.co.uk", "loebclassics.com",
    "moodys.com", "newspapers.com", "note.com", "pressreader.com", "quora.com", "rtings.com",
    "scholastic.com", "sciencedirect.com", "slideshare.net", "spglobal.com", "statista.com",
    "studocu.com", "study.com", "substack.com", "tikvah.org", "tipranks.com",
    "tradingview.com", "valueresearchonline.com", "worldeconomics.com",
})
"""Left out of Bypass Paywalls Clean's list: a publisher group or a registrable domain."""
BPC_GROUP_COUNTRIES = {"usa": "US"}
"""Group ids name the publisher's country first (``###_de_funke_medien``); "usa" is the one
code of three letters among them."""


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
        found.append((str(host).strip().lower(), country_code(country)))
    return found


def news_sources(tarball: Path) -> list[tuple[str, str, str]]:
    """(registrable domain, country, name) of every outlet in news-sources' country files;
    country and name empty where the outlet's address is not its domain's home page (a
    subdomain or a section: an edition of a wider site)."""
    found: list[tuple[str, str, str]] = []
    with tarfile.open(tarball, "r:gz") as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            name = member.name
            if not (member.isfile() and name.startswith(NEWS_SOURCES) and name.endswith(".json")):
                continue
            if "/" in name.removeprefix(NEWS_SOURCES):
                continue
            stream = archive.extractfile(member)
            try:
                entries = json.load(stream) if stream is not None else []
            except ValueError as error:  # bad JSON or bad UTF-8: a broken tarball, say so
                raise SystemExit(f"{tarball}: {name}: not a JSON list ({error})") from None
            for entry in entries if isinstance(entries, list) else []:
                outlet = _news_source(entry)
                if outlet is not None:
                    found.append(outlet)
    return found


def _news_source(entry: object) -> tuple[str, str, str] | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        return None
    try:
        address = urlsplit(entry["url"].strip())
        host = (address.hostname or "").rstrip(".")
    except ValueError:
        return None
    domain = registrable(host)
    if not domain:
        return None
    if host.removeprefix("www.") != domain or address.path not in ("", "/"):
        return (domain, "", "")
    name = " ".join(str(entry.get("name") or "").split())  # no tab or newline in the TSV
    return (domain, country_code(entry.get("country")), name)


def add_news_sources(
    outlets: dict[str, tuple[str, str, str]], rows: list[tuple[str, str, str]]
) -> None:
    """news-sources' outlets into ``outlets`` (domain → market, name, source): a domain
    already listed by another source keeps its entry, with the market filled where it had
    none; one listed first by an edition (stirileprotv.ro/emisiuni before stirileprotv.ro)
    takes its home page's market and name when the home page comes."""
    editions: set[str] = set()
    for domain, country, name in rows:
        if domain not in outlets:
            outlets[domain] = (country or suffix_market(domain), name, "news-sources")
            if not name:
                editions.add(domain)
            continue
        known, listed, source = outlets[domain]
        if domain in editions and name:
            outlets[domain] = (country or known, name, source)
            editions.discard(domain)
        elif not known and country:
            outlets[domain] = (country, listed, source)


def paywalled_sites(wheel: Path) -> list[tuple[str, str, str]]:
    """(registrable domain, country, name) of every site Bypass Paywalls Clean lists, read
    from the copy of its ``sites.js`` in the bpc-fetch wheel as text, never run. A site of
    its own gives its entry's name (an annotation in brackets dropped: "Die Zeit (fetch from
    archive.is)"); a publisher group (``###_de_funke_medien``) its members and the group's
    country; the lists of sites it cannot fix (``nofix``) their domains, with the group's
    country where the list is named after one. A subdomain or an edition (``natgeo.nikkeibp.co.jp``)
    gives its registrable domain without a name, as news-sources' editions do."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            text = archive.read(BPC_SITES).decode("utf-8").replace("\r\n", "\n")
    except (KeyError, UnicodeDecodeError, zipfile.BadZipFile) as error:  # not bpc-fetch's wheel
        raise SystemExit(f"{wheel}: no readable {BPC_SITES} ({error})") from None
    start = text.find(BPC_DEFAULT_SITES)
    if start < 0:
        raise SystemExit(f"{wheel}: {BPC_SITES} has no default sites section")
    section = text[start + 1 :]
    end = section.find('\n  "* ')
    section = section[: end if end >= 0 else None]
    found: list[tuple[str, str, str]] = []
    entries = list(BPC_ENTRY.finditer(section))
    ends = [entry.start() for entry in entries[1:]] + [len(section)]
    for entry, end in zip(entries, ends, strict=True):
        found += _bpc_entry(entry.group(1), section[entry.end() : end])
    for variable, listed in BPC_NOFIX.findall(text):
        country = _bpc_country(variable.split("_", 1)[0])
        found += _bpc_sites(BPC_QUOTED.findall(listed), country, "")
    return found


def _bpc_entry(title: str, block: str) -> list[tuple[str, str, str]]:
    domain = BPC_DOMAIN.search(block)
    if domain is None:
        return []
    if not domain.group(1).startswith("###"):
        title = re.sub(r"\\(.)", r"\1", title)  # a JavaScript string's escapes
        name = re.sub(r"\s*\([^()]*\)$", "", " ".join(title.split()))
        return _bpc_sites([domain.group(1)], "", name)
    group, members = domain.group(1), BPC_GROUP.search(block)
    if group in BPC_NOT_OUTLETS or members is None:
        return []
    country = _bpc_country(group.removeprefix("###_").split("_", 1)[0])
    return _bpc_sites(BPC_QUOTED.findall(members.group(1)), country, "")


def _bpc_sites(hosts: list[str], country: str, name: str) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for host in hosts:
        host = host.lower().rstrip(".")
        domain = registrable(host)
        if not domain or domain in BPC_NOT_OUTLETS:
            continue
        home = host.removeprefix("www.") == domain
        found.append((domain, country, name if home else ""))
    return found


def _bpc_country(code: str) -> str:
    return BPC_GROUP_COUNTRIES.get(code) or country_code(code)


def add_paywalled_sites(
    outlets: dict[str, tuple[str, str, str]], rows: list[tuple[str, str, str]]
) -> None:
    """Bypass Paywalls Clean's sites into ``outlets``, after every other list: a domain
    already listed keeps its entry and its market (BPC's country is its publisher group's,
    the weakest of the markets); a new one takes its group's country, else its suffix's."""
    for domain, country, name in rows:
        if domain in outlets:
            continue
        outlets[domain] = (suffix_market(domain) or country, name, "bypass-paywalls")


def country_code(value: object) -> str:
    """An ISO 3166 alpha-2 code as brands.tsv writes it (UK), or '' for anything else."""
    code = str(value or "").upper()
    if len(code) != 2 or not (code.isascii() and code.isalpha()):
        return ""
    return ISO_ALIASES.get(code, code)


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
    parser.add_argument("news_sources", type=Path, help="the news-sources npm tarball")
    parser.add_argument("bpc_fetch", type=Path, help="the bpc-fetch wheel")
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
    add_news_sources(outlets, news_sources(args.news_sources))
    for member, source in ((POPULAR, "newspaper-popular"), (GOOGLE, "google-news")):
        for host in listed_hosts(args.newspaper4k, member):
            domain = registrable(host)
            if domain and domain not in outlets:
                outlets[domain] = (suffix_market(domain), "", source)
    add_paywalled_sites(outlets, paywalled_sites(args.bpc_fetch))
    header = (
        "# Known news outlets (tier 2, category news): a domain listed here is an outlet of its\n"
        "# own, never a look-alike, and is protected like the popular tier.\n"
        "# Generated by scripts/gen_outlets.py from fundus 0.5.7's publishers, newscatcher\n"
        "# 0.2.0's source database (newscatcher/data/package_rss.db), newspaper4k 0.9.6's\n"
        "# popular_sources.txt and Google News source list (google_sources.txt), all MIT; and\n"
        "# the npm package news-sources 0.2.0's data/sources/<country>.json (ISC); and the\n"
        "# sites of Bypass Paywalls Clean's sites.js as shipped in bpc-fetch 0.1.1 (MIT).\n"
        "# domain<TAB>market (ISO 3166 alpha-2, UK for the United Kingdom; empty if unknown)"
        "<TAB>name (fundus, news-sources and bypass-paywalls only)<TAB>source\n"
    )
    lines = [f"{d}\t{c}\t{n}\t{s}" for d, (c, n, s) in sorted(outlets.items())]
    target = ROOT / "threadscope" / "data" / "outlets.tsv"
    target.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} outlets to {target}")


if __name__ == "__main__":
    main()
