"""The outlet tier's generator reads news-sources' npm tarball as data, never as code."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.scripts.test_lookalike_sets import load


def add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    archive.addfile(member, io.BytesIO(data))


def npm_tarball(path: Path, files: dict[str, object]) -> Path:
    """A tarball in npm's shape (everything under ``package/``), as ``npm pack`` writes it."""
    with tarfile.open(path, "w:gz") as archive:
        add(archive, "package/package.json", b'{"name": "news-sources", "license": "ISC"}')
        add(archive, "package/lib/index.js", b"throw new Error('never run');\n")
        for name, value in files.items():
            data = value if isinstance(value, bytes) else json.dumps(value).encode("utf-8")
            add(archive, f"package/data/{name}", data)
    return path


def source(url: object, country: str = "ro", name: str = "Ziarul") -> dict[str, object]:
    return {"id": "x", "name": name, "url": url, "country": country, "languages": [country]}


def test_news_sources_give_domain_market_and_name(tmp_path: Path) -> None:
    gen = load("gen_outlets")
    tarball = npm_tarball(
        tmp_path / "news-sources-0.2.0.tgz",
        {
            "sources/ro.json": [
                source("http://www.Ziarul.ro/"),
                source("https://ibani.stirileprotv.ro/", name="iBani"),  # an edition
                source("https://www.rfi.fr/ro/", name="RFI.ro"),  # a section
                source("https://theobjective.com", country="es", name="The\tObjective"),
                source("https://kiez.co.uk/", country="gb", name="Kiez"),
            ],
            "sources/md.json": [source("http://unimedia.info/", country="md", name="Unimedia")],
            "sources-schema.json": {"type": "array"},  # beside the sources: not a list of them
        },
    )
    assert gen.news_sources(tarball) == [
        ("unimedia.info", "MD", "Unimedia"),
        ("ziarul.ro", "RO", "Ziarul"),
        ("stirileprotv.ro", "", ""),
        ("rfi.fr", "", ""),
        ("theobjective.com", "ES", "The Objective"),
        ("kiez.co.uk", "UK", "Kiez"),
    ]


def test_news_sources_skip_what_is_not_an_outlet(tmp_path: Path) -> None:
    gen = load("gen_outlets")
    tarball = npm_tarball(
        tmp_path / "odd.tgz",
        {
            "sources/bg.json": [
                "dnes.bg",
                {"name": "no address"},
                source(None),
                source(""),
                source("http://[::1"),
                source("http://localhost/"),
                source("http://192.0.2.7/"),
                source("http://dnes.bg/", country="bulgaria"),
            ],
            "sources/old/cz.json": [source("http://denik.cz/", country="cz")],
            "sources/it.json": {"not": "a list"},
        },
    )
    assert gen.news_sources(tarball) == [("dnes.bg", "", "Ziarul")]


def test_a_broken_country_file_stops_the_generator_with_its_name(tmp_path: Path) -> None:
    gen = load("gen_outlets")
    tarball = npm_tarball(tmp_path / "broken.tgz", {"sources/hu.json": b"[{\xff"})
    with pytest.raises(SystemExit, match="hu.json"):
        gen.news_sources(tarball)


def test_an_edition_listed_before_its_home_page_leaves_the_home_page_its_name() -> None:
    gen = load("gen_outlets")
    outlets: dict[str, tuple[str, str, str]] = {"ziar.md": ("", "", "newscatcher")}
    gen.add_news_sources(outlets, [
        ("stiri.ro", "", ""), ("stiri.ro", "RO", "Știri"),  # a section first, then the home
        ("ziar.md", "MD", "Ziar"),  # known from another list: its market only
        ("portal.com", "", ""),  # an edition of a wider site, never its home page
    ])
    assert outlets == {
        "stiri.ro": ("RO", "Știri", "news-sources"),
        "ziar.md": ("MD", "", "newscatcher"),
        "portal.com": ("", "", "news-sources"),
    }


BPC_SITES_JS = """var defaultSites = {
  "* BPC settings": {
    domain: "###"
  },
  "* Default sites": {
    domain: "###"
  },
  "Die Zeit (fetch from archive.is)": {
    domain: "zeit.de",
    allow_cookies: 1,
    block_regex: /\\.zeit\\.de\\/(.+\\/)?paywall\\.js/
  },
  "National Geographic Japan": {
    domain: "natgeo.nikkeibp.co.jp",
    allow_cookies: 1
  },
  "Harper's \\"Magazine\\"": {
    domain: "harpers.org"
  },
  "Funke Medien": {
    domain: "###_de_funke_medien",
    group: [
      "abendblatt.de",
      "waz.com"
    ],
    allow_cookies: 1
  },
  "Conde Nast": {
    domain: "###_usa_conde_nast",
    group: ["newyorker.com", "vogue.fr"]
  },
  "Medium": {
    domain: "###_medium",
    group: ["medium.com", "towardsdatascience.com"]
  },
  "Chegg": {
    domain: "chegg.com"
  },
  "No domain": {
    allow_cookies: 1
  },
  "* Block general paywall-scripts (opt-in to custom sites to enable also for unlisted sites)": {
    domain: "###"
  },
  "Piano": {
    domain: "piano.io",
    block_regex_general: /\\.piano\\.io\\//
  }
}

var ch_media_nofix_domains = ['aargauerzeitung.ch', 'tagblatt.ch'];
var custom_flex_nofix_domains = [].concat(custom_flex_not['###_uk_haymarket']);
var nofix_sites = ['geo.de', 'www.Historia.fr'].concat(ch_media_nofix_domains);
"""


def bpc_wheel(path: Path, sites_js: str) -> Path:
    """A wheel in bpc-fetch's shape, its sites.js with CRLF line ends as shipped."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bpc_fetch/__init__.py", "raise RuntimeError('never run')\n")
        archive.writestr("bpc_fetch/data/sites.js", sites_js.replace("\n", "\r\n"))
    return path


def test_paywalled_sites_are_read_from_bpc_sites_js(tmp_path: Path) -> None:
    gen = load("gen_outlets")
    wheel = bpc_wheel(tmp_path / "bpc_fetch-0.1.1-py3-none-any.whl", BPC_SITES_JS)
    assert gen.paywalled_sites(wheel) == [
        ("zeit.de", "", "Die Zeit"),  # the annotation in brackets dropped
        ("nikkeibp.co.jp", "", ""),  # a subdomain: the registrable domain, without a name
        ("harpers.org", "", 'Harper\'s "Magazine"'),
        ("abendblatt.de", "DE", ""),  # a publisher group: its country, no name
        ("waz.com", "DE", ""),
        ("newyorker.com", "US", ""),
        ("vogue.fr", "US", ""),
        # Medium's blogs, chegg.com (not an outlet), piano.io (a paywall vendor): left out
        ("aargauerzeitung.ch", "CH", ""),
        ("tagblatt.ch", "CH", ""),
        ("geo.de", "", ""),
        ("historia.fr", "", ""),
    ]


def test_a_sites_js_without_its_default_sites_stops_the_generator(tmp_path: Path) -> None:
    gen = load("gen_outlets")
    wheel = bpc_wheel(tmp_path / "odd.whl", "var defaultSites = {};\n")
    with pytest.raises(SystemExit, match="default sites"):
        gen.paywalled_sites(wheel)


def test_a_wheel_without_a_readable_sites_js_stops_the_generator(tmp_path: Path) -> None:
    gen = load("gen_outlets")
    empty = tmp_path / "empty.whl"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("bpc_fetch/__init__.py", "")
    broken = tmp_path / "broken.whl"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("bpc_fetch/data/sites.js", b"var defaultSites = {\xff")
    not_a_wheel = tmp_path / "news-sources-0.2.0.tgz"
    not_a_wheel.write_bytes(b"\x1f\x8b not a zip")
    for wheel in (empty, broken, not_a_wheel):
        with pytest.raises(SystemExit, match="no readable bpc_fetch/data/sites.js"):
            gen.paywalled_sites(wheel)


def test_paywalled_sites_come_last_and_take_their_suffix_market_first() -> None:
    gen = load("gen_outlets")
    outlets: dict[str, tuple[str, str, str]] = {"waz.de": ("", "", "google-news")}
    gen.add_paywalled_sites(outlets, [
        ("waz.de", "DE", "WAZ"),  # listed already: kept as it was
        ("lesoir.be", "FR", ""),  # a French group's Belgian paper: its suffix says BE
        ("newyorker.com", "US", ""),
        ("zeit.de", "", "Die Zeit"),
    ])
    assert outlets == {
        "waz.de": ("", "", "google-news"),
        "lesoir.be": ("BE", "", "bypass-paywalls"),
        "newyorker.com": ("US", "", "bypass-paywalls"),
        "zeit.de": ("DE", "Die Zeit", "bypass-paywalls"),
    }
