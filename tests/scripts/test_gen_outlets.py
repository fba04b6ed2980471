"""The outlet tier's generator reads news-sources' npm tarball as data, never as code."""

from __future__ import annotations

import io
import json
import tarfile
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
