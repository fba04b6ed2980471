"""Measure look-alike detection against dnstwist's permutations, per fuzzer, offline.

    python scripts/eval_fuzzers.py [--markdown] [--per-length N] [--cap N] [--seed N]

dnstwist (Apache-2.0; a test extra, never a runtime dependency) generates the permutations
phishing monitors use. Its generation runs offline; its DNS and WHOIS features are not used.
For a fixed, seeded sample of curated brands (``--per-length`` from each length bucket of
the model, 2–3 to 10+ letters, several countries and kinds), each fuzzer's permutations of
the brand's main domain are judged offline by the shipped registry, as a reader sees them
(Unicode, not punycode: the ``punycode`` reason would add points no look-alike earns by its
name). At most ``--cap`` permutations per brand and fuzzer are kept (a seeded sample), so a
long name's ten thousand homoglyph mixes do not outweigh the short names.

How each permutation is counted:

- ``known``: it is itself a listed site (verdict ``official``: a curated brand, a known
  outlet or a top-10k domain, its own host or registrable domain; the brand's other domains
  among them). Not a miss, left out of the share;
- ``flagged``: suspicious or look-alike, of any brand; ``as brand``: flagged as the sampled
  brand's look-alike;
- a miss is either ``weak`` (the brand, or another, was found but scored under 40) or
  ``none`` (no technique matched).

dnstwist's PyPI package ships no dictionaries, so its ``dictionary`` and ``tld-swap``
fuzzers are given the fixed lists below: words that phishing and clone domains add (news
words, and the account words of phishing kits), and suffixes from the classic ones to the
cheap new ones. They are stated here, not tuned: a word or suffix list chosen after seeing
the results would measure nothing.

Against that, the precision side: the flagged share of the Google News list and the top-10k
ranking (``eval_lookalikes.py``: each domain judged by a registry that does not list it).
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_lookalikes as lookalikes  # noqa: E402
import lookalike_sets as sets  # noqa: E402

from threadscope.assessment import BrandRegistry, assess, load_registry  # noqa: E402
from threadscope.assessment.model import length_bucket  # noqa: E402
from threadscope.assessment.registry import builtin_brands  # noqa: E402
from threadscope.models import Assessment, Brand, Verdict  # noqa: E402
from threadscope.names import split_host  # noqa: E402

SEED = 15
PER_LENGTH = 8
CAP = 200
LENGTHS = ("2-3", "4", "5-6", "7-9", "10+")
FUZZERS = (
    "addition", "bitsquatting", "cyrillic", "homoglyph", "hyphenation", "insertion",
    "omission", "plural", "repetition", "replacement", "subdomain", "transposition",
    "vowel-swap", "various", "tld-swap", "dictionary",
)  # fmt: skip
"""dnstwist's fuzzers, in its own order (``Fuzzer.generate``)."""
WORDS = (
    "news", "live", "today", "daily", "online", "breaking", "24", "info", "media", "world",
    "politics", "sport", "press", "the", "my", "official", "login", "account", "secure",
    "verify", "update", "support", "service", "portal", "mail", "app", "web", "shop", "pay",
    "help",
)  # fmt: skip
"""The ``dictionary`` fuzzer's words: news words clone sites add, and phishing kits' words."""
TLDS = (
    "com", "net", "org", "info", "biz", "co", "io", "me", "tv", "cc", "ws", "in", "pe", "la",
    "de", "uk", "fr", "it", "es", "pl", "ua", "eu", "ch", "at", "us", "online", "site", "xyz",
    "top", "club", "shop", "live", "news", "ltd", "cfd", "sbs", "icu", "pro", "app", "dev",
)  # fmt: skip
"""The ``tld-swap`` fuzzer's suffixes: classic, country codes sold as generic names,
European ones, and new generic ones from the cheapest to the most used."""
FLAGGED = (Verdict.LOOKALIKE, Verdict.SUSPICIOUS)
TOP_PATTERNS = 5


@dataclass
class Tally:
    """One fuzzer's (or one fuzzer and length's) counts."""

    permutations: int = 0
    known: int = 0
    invalid: int = 0
    flagged: int = 0
    as_brand: int = 0
    weak: int = 0
    none: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    unicode: Counter[str] = field(default_factory=Counter)
    """Non-ASCII characters in missed names."""
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def judged(self) -> int:
        return self.permutations - self.known - self.invalid

    @property
    def share(self) -> float | None:
        return self.flagged / self.judged if self.judged else None

    @property
    def brand_share(self) -> float | None:
        return self.as_brand / self.judged if self.judged else None


# --------------------------------------------------------------------------- the sample


def splits_alike(domain: str) -> bool:
    """dnstwist, without the ``tld`` package, splits a name by its own short list of second
    levels: only brands it splits as we do (``spiegel.de``, ``bbc.co.uk``, not
    ``diplomatie.gouv.fr``) are fuzzed on the name we compare."""
    import dnstwist

    ours = split_host(domain)
    return tuple(dnstwist.domain_tld(domain)) == (ours.subdomain, ours.name, ours.suffix)


def sample_brands(
    brands: Iterable[Brand], per_length: int = PER_LENGTH, seed: int = SEED
) -> list[Brand]:
    """``per_length`` curated brands of each length bucket of their main name, drawn by a
    seeded generator from the brands in a fixed order (so the sample is the same on every
    machine and for every registry order)."""
    by_length: dict[str, list[Brand]] = defaultdict(list)
    for brand in sorted(brands, key=lambda b: b.domains[0]):
        main = brand.domains[0]
        if brand.tier != 1 or not splits_alike(main):
            continue
        by_length[length_bucket(split_host(main).name)].append(brand)
    generator = random.Random(seed)
    chosen: list[Brand] = []
    for length in LENGTHS:
        pool = by_length.get(length, [])
        chosen.extend(generator.sample(pool, min(per_length, len(pool))))
    return chosen


def permutations(domain: str, cap: int, seed: int) -> dict[str, list[str]]:
    """dnstwist's permutations of ``domain`` by fuzzer, in Unicode, at most ``cap`` each (a
    seeded sample of the sorted list)."""
    import dnstwist

    fuzzer = dnstwist.Fuzzer(domain, dictionary=WORDS, tld_dictionary=TLDS)
    fuzzer.generate()
    found: dict[str, list[str]] = defaultdict(list)
    for permutation in fuzzer.permutations(unicode=True):
        if permutation["fuzzer"] in FUZZERS:
            found[permutation["fuzzer"]].append(permutation["domain"])
    generator = random.Random(f"{seed}:{domain}")
    for name, domains in found.items():
        domains.sort()
        if len(domains) > cap:
            found[name] = sorted(generator.sample(domains, cap))
    return found


# --------------------------------------------------------------------------- patterns


def pattern(fuzzer: str, permutation: str, original: str) -> str:
    """What a missed permutation did to the name, as a pattern to count: the kind of
    character changed (``letter→digit``, ``+letter``, ``-letter``), the word added, the
    suffix swapped to. Three changes or more are named by their count."""
    mine, theirs = split_host(permutation), split_host(original)
    if fuzzer == "tld-swap":
        return f".{mine.suffix}"
    if fuzzer == "subdomain":
        return "dot inside the name"
    if fuzzer == "dictionary":
        words = mine.name.replace(theirs.name, " ").replace("-", " ").split()
        return f"word {' '.join(words)}" if words else f"word (name {mine.name})"
    if fuzzer == "various":
        return f"{mine.name}.{mine.suffix}"
    edits = _edits(mine.name if mine.suffix == theirs.suffix else mine.registrable, theirs.name)
    return edits if edits else "same name"


def _edits(name: str, original: str) -> str:
    """The changes by kind of character (``+letter``, ``letter→digit``, ``letter→Unicode``),
    so that misses group by what was done rather than by which letter."""
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, original, name).get_opcodes():
        if tag == "replace":
            changes.append(f"{_kind(original[i1:i2])}→{_kind(name[j1:j2])}")
        elif tag == "delete":
            changes.append(f"-{_kind(original[i1:i2])}")
        elif tag == "insert":
            changes.append(f"+{_kind(name[j1:j2])}")
    if len(changes) > 2:
        return f"{len(changes)} changes"
    return ", ".join(changes)


def _kind(text: str) -> str:
    if not text.isascii():
        return "Unicode"
    if text.isdigit():
        return "digit"
    if text == "-":
        return "hyphen"
    return "letter" if len(text) == 1 else "letters"


# --------------------------------------------------------------------------- judging


def judge(
    brands: Sequence[Brand], registry: BrandRegistry, cap: int = CAP, seed: int = SEED
) -> tuple[dict[str, Tally], dict[tuple[str, str], Tally]]:
    """Per fuzzer, and per fuzzer and length of the brand's name."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    by_length: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for brand in brands:
        main = brand.domains[0]
        length = length_bucket(split_host(main).name)
        for fuzzer, domains in permutations(main, cap, seed).items():
            for domain in domains:
                result = assess(domain, registry)
                for tally in (tallies[fuzzer], by_length[fuzzer, length]):
                    count(tally, fuzzer, domain, main, result, registry)
    return dict(tallies), dict(by_length)


def count(
    tally: Tally,
    fuzzer: str,
    domain: str,
    main: str,
    result: Assessment,
    registry: BrandRegistry,
) -> None:
    tally.permutations += 1
    if result.verdict is Verdict.OFFICIAL:
        tally.known += 1
        return
    if result.verdict is Verdict.INVALID:
        tally.invalid += 1
        return
    if result.verdict in FLAGGED:
        tally.flagged += 1
        tally.as_brand += lookalikes.same_brand(result, main, registry)
        return
    if result.imitates is not None or result.reasons and result.reasons[0].code in NAMED:
        tally.weak += 1
    else:
        tally.none += 1
    found = f"{length_bucket(split_host(main).name)}: {pattern(fuzzer, domain, main)}"
    tally.misses[found] += 1
    tally.unicode.update(c for c in split_host(domain).name if not c.isascii())
    if len(tally.examples[found]) < 2:
        tally.examples[found].append(f"{domain} {result.score}")


NAMED = frozenset({"tld-swap", "typo", "homoglyph", "hyphenated-brand", "combosquat",
                   "missing-dot", "brand-subdomain", "userinfo"})  # fmt: skip
"""Reason codes of a brand match (``techniques.NAME_CODES``): a miss that has one was found
and scored too low; a match whose points add up to nothing names no brand."""


def precision_side() -> list[lookalikes.Line]:
    """The news list's and the top-10k's flagged shares, as ``eval_lookalikes`` counts them."""
    news = sets.negatives("Google News sources", sets.NEWS)
    top = sets.negatives("top-10k ranking", sets.TOP10K)
    registries = sets.Registries((news, top))
    lines = []
    for listing in (news, top):
        for held in (False, True):
            judged = [(d, registries.for_fold(f)) for d, f in listing.part(held)]
            lines.append(lookalikes.legitimate(listing.name, "held" if held else "dev", judged))
    return lines


# --------------------------------------------------------------------------- output


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def table(tallies: dict[str, Tally]) -> list[str]:
    rows = [
        "| fuzzer | permutations | known sites (left out) | judged | flagged | as the brand "
        "| missed, brand found under 40 | missed, no match |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    total = Tally()
    for fuzzer in FUZZERS:
        tally = tallies.get(fuzzer)
        if tally is None:
            continue
        for name in ("permutations", "known", "invalid", "flagged", "as_brand", "weak", "none"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        rows.append(_row(fuzzer, tally))
    rows.append(_row("all", total))
    return rows


def _row(name: str, tally: Tally) -> str:
    return (
        f"| {name} | {tally.permutations} | {tally.known} | {tally.judged} | "
        f"{tally.flagged} = {_share(tally.share)} | {_share(tally.brand_share)} | "
        f"{tally.weak} | {tally.none} |"
    )


def length_table(by_length: dict[tuple[str, str], Tally]) -> list[str]:
    rows = [
        "| fuzzer | " + " | ".join(f"{length} letters" for length in LENGTHS) + " |",
        "| --- |" + " --- |" * len(LENGTHS),
    ]
    for fuzzer in FUZZERS:
        cells = [_share(by_length[fuzzer, n].share) if (fuzzer, n) in by_length else "–"
                 for n in LENGTHS]  # fmt: skip
        rows.append(f"| {fuzzer} | " + " | ".join(cells) + " |")
    return rows


def missed_patterns(tallies: dict[str, Tally]) -> list[str]:
    lines = []
    for fuzzer in FUZZERS:
        tally = tallies.get(fuzzer)
        if tally is None or not tally.misses:
            continue
        top = ", ".join(
            f"{found} ×{n} ({'; '.join(tally.examples[found])})"
            for found, n in tally.misses.most_common(TOP_PATTERNS)
        )
        lines.append(f"- {fuzzer}: {top}")
        if tally.unicode:
            letters = " ".join(f"{c} ×{n}" for c, n in tally.unicode.most_common(12))
            lines.append(f"  non-ASCII letters in its misses: {letters}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="the README's tables only")
    parser.add_argument("--per-length", type=int, default=PER_LENGTH)
    parser.add_argument("--cap", type=int, default=CAP)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    try:
        import dnstwist  # noqa: F401
    except ImportError:
        print("dnstwist is not installed: pip install -e '.[test]'", file=sys.stderr)
        return 2
    for path in (sets.NEWS, sets.TOP10K):
        if not path.exists():
            print(f"data set not found: {path}", file=sys.stderr)
            return 2
    brands = sample_brands(builtin_brands(), args.per_length, args.seed)
    tallies, by_length = judge(brands, load_registry(), args.cap, args.seed)
    countries = Counter(brand.country or "none" for brand in brands)
    if not args.markdown:
        print(f"{len(brands)} brands (seed {args.seed}), {len(countries)} countries: "
              + ", ".join(f"{b.domains[0]} ({b.country or '-'})" for b in brands))  # fmt: skip
        print()
    print("\n".join(table(tallies)))
    print()
    print("Flagged share by length of the brand's name:")
    print()
    print("\n".join(length_table(by_length)))
    print()
    print("Against that, legitimate domains flagged (eval_lookalikes.py):")
    print()
    for line in precision_side():
        print(f"- {line.name}, {line.part}: {line.fp} of {line.n} = {line.fp_rate:.2%}")
    if not args.markdown:
        print()
        print("Most common misses per fuzzer (length of the brand's name: what was done ×count "
              "(examples with their score)):")
        print("\n".join(missed_patterns(tallies)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
