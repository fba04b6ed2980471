"""Write ``threadscope/data/confusables.tsv``: a compact subset of Unicode TR39 confusables.

The full ``confusables.txt`` (unicode.org/Public/security/latest/confusables.txt) maps about
6,000 characters; a look-alike domain needs only the ones that pass for Latin letters and digits
in a host name: Cyrillic, Greek, Armenian and Cherokee letters that look Latin, Latin letters
from the IPA and Latin Extended blocks, fullwidth forms and the ASCII pairs (``0``/``o``,
``1``/``l``, ``rn``/``m``). Beyond TR39, the Latin letters with a stroke, bar or hook
(``ł``, ``ø``, ``ŧ``, ``ƫ``, ``ʂ``, ``đ`` …): they have no Unicode decomposition, and
confusables.txt leaves most of them apart, yet ``wełt`` passes for ``welt`` at a glance as
``wélt`` does. They are read as their base letter, derived from their Unicode names
(``LATIN SMALL LETTER L WITH STROKE`` → ``l``), not listed by hand. Each line: code
point(s), the character, its Latin prototype and the Unicode name, so a reviewer can check
every row against confusables.txt (or, for the derived rows, against the name).

Also beyond TR39, which maps most small capitals to nothing: the Latin small capitals
(``ᴀ``, ``ʙ``, ``ᴅ``, ``ʀ``, ``ɢ`` …) are read as their letter, lower-cased, derived from their
names (``LATIN LETTER SMALL CAPITAL R`` → ``r``): a small capital is the capital drawn at the
height of the small letters, and a host name has no case, so ``ʙɪʟᴅ`` reads as ``BILD``. The
turned, reversed and inverted ones (``ᴎ``, ``ʁ``) are left out: they are mirrored letters. Last,
a few letters whose names give no Latin letter (``DRAWN_AS``), each listed with the reason its
glyph passes for one: Cyrillic small letters drawn as small capitals of a Cyrillic capital
that confusables.txt maps to a Latin capital (``т`` is drawn as a small ``Т``, and TR39 maps
``Т`` to ``T``), and Latin letters whose glyph is a Latin letter with a tail or turned on
itself (``ŋ``, ``ĸ``, ``ə``, ``ƿ``).

Run: ``python scripts/gen_confusables.py`` (rewrites the data file).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

# prototype ← look-alikes, following confusables.txt's prototypes (lower-cased for host names).
LOOKALIKES: dict[str, str] = {
    "a": "\u0430\u0251\u03b1\u237a\uff41\u1d00",
    "b": "\u0184\u042c\u0185\u13cf\u15af\uff42",
    "c": "\u0441\u03f2\u1d04\u217d\u2ca5\uff43",
    "d": "\u0501\u13e7\u146f\ua4d2\u217e\uff44",
    "e": "\u0435\u04bd\u212e\u212f\u2147\uab32\uff45",
    "f": "\u017f\u1e9d\u0584\uab35\uff46",
    "g": "\u0261\u018d\u0581\u1d83\u210a\uff47",
    "h": "\u04bb\u0570\u13c2\u210e\uff48",
    "i": "\u0456\u0131\u0269\u026a\u03b9\u1fbe\u2170\u2373\uff49",
    "j": "\u0458\u03f3\u2149\uff4a",
    "k": "\u03ba\u043a\u1d0b\u2c95\uff4b",
    "l": "\u04cf\u05c0\u05d5\u0627\u2113\u217c\u2223\u01c0\u0399\u0406\uff4c\u0031\u007c",
    "m": "\u217f\u1d0d\uff4d",
    "n": "\u0578\u057c\u1d0e\u03b7\uff4e",
    "o": "\u043e\u03bf\u0585\u05e1\u0d20\u101d\u1d0f\u2134\u0030\u03c3\u0ed0\u0966\uff4f",
    "p": "\u0440\u03c1\u2374\u2ca3\uff50",
    "q": "\u051b\u0563\u0566\uff51",
    "r": "\u0433\u1d26\u2c85\uab47\uff52",
    "s": "\u0455\u01bd\ua731\uabaa\uff53",
    "t": "\u1d1b\uff54",
    "u": "\u057d\u028b\u03c5\u1d1c\ua79f\uff55",
    "v": "\u03bd\u0475\u05d8\u1d20\u2174\u22c1\uff56",
    "w": "\u0461\u051d\u0561\u1d21\u026f\uff57",
    "x": "\u0445\u00d7\u157d\u2179\u292b\uff58",
    "y": "\u0443\u04af\u028f\u03b3\u10e7\u1eff\uff59",
    "z": "\u1d22\uab93\uff5a",
}
# Sequences of ASCII that read as one letter (confusables.txt maps m→rn, d→cl, w→vv).
SEQUENCES: dict[str, str] = {"rn": "m", "vv": "w", "cl": "d"}

DRAWN_AS: dict[str, tuple[str, str]] = {
    "\u0442": ("t", "drawn as a small capital \u0422, which TR39 maps to T"),
    "\u043c": ("m", "drawn as a small capital \u041c, which TR39 maps to M"),
    "\u043d": ("h", "drawn as a small capital \u041d, which TR39 maps to H"),
    "\u0432": ("b", "drawn as a small capital \u0412, which TR39 maps to B"),
    "\u044c": ("b", "drawn as a small \u042c, which TR39 maps to b: a b with a short stem"),
    "\u050d": ("g", "drawn as a small capital \u050c, which TR39 maps to G"),
    "\u0138": ("k", "kra is drawn as a small capital K"),
    "\u014b": ("n", "eng is an n whose right leg ends in a hook below the line"),
    "\u0259": ("a", "schwa is a turned e: a bowl below a hook, the shape of a two-storey a"),
    "\u01bf": ("p", "wynn is a p with a pointed bowl; editors mistook one for the other"),
}
"""Letters whose Unicode names give no Latin letter, their Latin reading and why their glyph
passes for it in common fonts (the Cyrillic ones: a small letter drawn as a small capital of a
capital that confusables.txt maps to a Latin letter)."""

SMALL_CAPITAL = re.compile(
    r"LATIN (?:LETTER SMALL CAPITAL|SMALL CAPITAL LETTER) (?:([A-Z])(?: WITH .+)?|BARRED ([A-Z]))"
)
"""The name of a Latin small capital of one letter, plain or with a mark drawn into it:
``LATIN LETTER SMALL CAPITAL R``, ``… L WITH STROKE``, ``… BARRED B``; not the turned,
reversed or inverted ones, nor ``OE`` or ``OU``."""

MARKED_LETTER = re.compile(r"LATIN SMALL LETTER (?:([A-Z]) WITH .+|BARRED ([A-Z])|([A-Z]) BAR)")
"""The name of a Latin letter with a mark drawn into it (stroke, bar, hook, tail, curl …):
``LATIN SMALL LETTER L WITH STROKE``, ``LATIN SMALL LETTER BARRED O``, ``… U BAR``."""

HEADER = """\
# Confusable characters for host names: a subset of Unicode TR39 confusables.txt
# (unicode.org/Public/security/latest/confusables.txt), lower-cased, restricted to look-alikes
# of Latin letters and digits, then the Latin letters with a stroke, bar or hook that have no
# decomposition, read as their base letter (from their Unicode names: L WITH STROKE → l),
# the Latin small capitals read as their letter (SMALL CAPITAL R → r), and a few letters drawn
# as a Latin letter, each with its reason after its name (Cyrillic т, a small capital Т → t).
# Generated by scripts/gen_confusables.py; do not edit by hand.
# code point(s)<TAB>character(s)<TAB>prototype<TAB>name
"""


def rows() -> list[str]:
    lines: list[str] = []
    for prototype, chars in LOOKALIKES.items():
        for char in dict.fromkeys(chars):
            if char == prototype:
                continue
            name = unicodedata.name(char, "UNNAMED")
            lines.append(f"U+{ord(char):04X}\t{char}\t{prototype}\t{name}")
    listed = {char for chars in LOOKALIKES.values() for char in chars}
    for char, base in marked_letters() + small_capitals():
        if char not in listed:
            listed.add(char)
            lines.append(f"U+{ord(char):04X}\t{char}\t{base}\t{unicodedata.name(char)}")
    for char, (base, why) in DRAWN_AS.items():
        if char not in listed:
            name = unicodedata.name(char)
            lines.append(f"U+{ord(char):04X}\t{char}\t{base}\t{name}: {why}")
    for sequence, prototype in SEQUENCES.items():
        points = " ".join(f"U+{ord(c):04X}" for c in sequence)
        lines.append(f"{points}\t{sequence}\t{prototype}\tASCII SEQUENCE")
    return lines


def marked_letters() -> list[tuple[str, str]]:
    """Each small Latin letter with a stroke, bar or hook and its base letter, by code point.
    Only those without a decomposition: the others (``é``, ``ş``) lose their marks to NFKD
    in ``skeleton`` already."""
    return _named_letters(MARKED_LETTER)


def small_capitals() -> list[tuple[str, str]]:
    """Each Latin small capital of one letter and that letter, lower-cased, by code point."""
    return _named_letters(SMALL_CAPITAL)


def _named_letters(pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """Each character without a decomposition whose Unicode name ``pattern`` matches, and the
    letter its name gives (the pattern's first group that matched), lower-cased."""
    found = []
    for point in range(0x80, sys.maxunicode + 1):
        char = chr(point)
        named = pattern.fullmatch(unicodedata.name(char, ""))
        if named and not unicodedata.decomposition(char):
            base = next(letter for letter in named.groups() if letter)
            found.append((char, base.lower()))
    return found


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "threadscope" / "data" / "confusables.tsv"
    target.write_text(HEADER + "\n".join(rows()) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
