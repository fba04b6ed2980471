"""Host names: IDNA 2008 with UTS 46 mapping, punycode, IP literals, RFC 1035 limits.

The one place where a host is validated and normalised: the link extractor, the look-alike
assessment (``ip_literal``, ``check_host``, ``decode_label``) and the address guard of
enrichment (``wire_host``, the form a request actually goes out with) all read hosts here.

Hosts are kept in Unicode form (``wеlt.de`` with its Cyrillic ``е``, not ``xn--wlt-rdd.de``),
because that is what a reader sees and what the confusable checks compare. A host that arrived
as punycode is decoded and the ``punycode`` evasion recorded. The ``idna`` package (IDNA 2008,
UTS 46 non-transitional, as browsers do) maps and decodes; Python's own ``encodings.idna`` is
IDNA 2003 and is not used. A host that ends in a number is an IPv4 address in the spelling a
browser reads (``0x7f.1``, ``0177.0.0.1``, ``2130706433``) and is reported dotted-decimal.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from urllib.parse import unquote

import idna

from threadscope.errors import InputError

MAX_LABEL = 63
MAX_NAME = 253
"""RFC 1035 limits, counted on the ASCII (punycode) form."""
MAX_WORK = 1024
"""Hosts longer than this are far beyond any usable name: not worth mapping label by label."""

PUNYCODE_CODE = "punycode"
IP_SPELLING_CODE = "ip-spelling"
"""An IPv4 address written other than in dotted decimal (``0x5db8d822``, ``0177.0.0.1``)."""
FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20#/:<>?@\[\\\]^|%\x7f]")
"""What the WHATWG URL standard forbids in a host once percent-escapes are decoded and UTS 46
has mapped it (``%2F`` and the fullwidth solidus are both ``/``): a browser refuses such a
URL, and a host sent with one would end at it (``127.0.0.1/.example`` goes to 127.0.0.1)."""
_LDH_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?")
"""An ASCII label as ``check_host`` allows it: letters, digits, hyphens inside, underscores."""


class LinkError(InputError):
    """A pasted target that is not a usable link or host; ``str()`` is a short reason."""


def is_ip_literal(host: str) -> bool:
    """True for an IPv4 or IPv6 address, bracketed (``[::1]``) or not, zone id allowed."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(bare.split("%", 1)[0])
    except ValueError:
        return False
    return True


def normalise_host(raw: str, *, strict: bool) -> tuple[str, tuple[str, ...]]:
    """Lower-case Unicode host and the evasions it shows (``punycode``).

    ``strict`` (one pasted target) raises ``LinkError`` for a host nobody could register or
    reach; otherwise (free text) a doubtful host is returned as best understood, for the
    assessment to judge.
    """
    if not raw.isascii() and ("\u3002" in raw or "\uff61" in raw or "\uff0e" in raw):
        # full stops a browser reads as dots (UTS 46); the fullwidth one arrives unfolded
        # only percent-encoded (%EF%BC%8E)
        raw = raw.replace("\u3002", ".").replace("\uff61", ".").replace("\uff0e", ".")
    host = raw[:-1] if raw.endswith(".") and len(raw) > 1 else raw
    if not host:
        raise LinkError("empty host name")
    if host.startswith("[") or ":" in host:
        return _ipv6(host, strict=strict), ()
    if len(host) > MAX_WORK:
        if strict:
            raise LinkError(f"host name longer than {MAX_NAME} characters")
        return host.lower(), ()
    if not host.isascii():
        host = _mapped_number(host)
    if ((host[-1].isdigit() or "0x" in host or "0X" in host) and not host.endswith(".")
            and ends_in_number(host)):  # one trailing dot was taken: "0x7f.1.." is a name
        address = _ipv4(host, strict=strict)
        return address, (() if address == host else (IP_SPELLING_CODE,))
    labels: list[str] = []
    evasions: tuple[str, ...] = ()
    ascii_length = host.count(".")
    for label in host.split("."):
        decoded, ascii_form = _label(label, strict=strict)
        if label.lower().startswith("xn--"):
            evasions = (PUNYCODE_CODE,)
        if strict and len(ascii_form) > MAX_LABEL:
            raise LinkError(f"label longer than {MAX_LABEL} characters: {decoded[:40]}…")
        ascii_length += len(ascii_form)
        labels.append(decoded)
    if strict and ascii_length > MAX_NAME:
        raise LinkError(f"host name longer than {MAX_NAME} characters")
    return ".".join(labels), evasions


def refused_host(decoded: str) -> bool:
    """True when a browser refuses ``decoded`` (a percent-decoded host) for a character
    ``FORBIDDEN_IN_HOST`` holds, as written or once UTS 46 has mapped it: ``%EF%BC%8F``
    decodes to a fullwidth solidus, which maps to ``/``."""
    if FORBIDDEN_IN_HOST.search(decoded):
        return True
    return not decoded.isascii() and FORBIDDEN_IN_HOST.search(_uts46(decoded)) is not None


def _mapped_number(host: str) -> str:
    """``host`` as UTS 46 maps it when that makes it end in a number (``¹²⁷.0.0.1``,
    ``０x7f.1``: digits a browser maps, which reach here percent-decoded and so unfolded);
    else ``host`` as it is, its labels mapped one by one later."""
    last = host[host.rfind(".") + 1 :]
    if not any(c.isdigit() for c in last):  # a number starts with a digit, even in hex
        return host
    mapped = _uts46(host)
    return mapped if mapped.isascii() and ends_in_number(mapped) else host


def _label(label: str, *, strict: bool) -> tuple[str, str]:
    """(Unicode form, ASCII form) of one label."""
    if not label:
        if strict:
            raise LinkError("empty label in host name")
        return "", ""
    lowered = label.lower()
    if lowered.startswith("xn--"):
        return _from_punycode(lowered, strict=strict), lowered
    if label.isascii():
        if strict and not _allowed(lowered):
            raise LinkError(f"character not allowed in a host name: {label[:40]!r}")
        return lowered, lowered
    mapped = _uts46(label)
    if strict and not _allowed(mapped):
        raise LinkError(f"character not allowed in a host name: {label[:40]!r}")
    try:
        ascii_form = "xn--" + mapped.encode("punycode").decode("ascii")
    except UnicodeError:
        ascii_form = mapped
    return mapped, ascii_form


def _uts46(label: str) -> str:
    """UTS 46 mapping (case folding, compatibility forms); the lower-cased label if it fails."""
    try:
        return str(idna.uts46_remap(label, std3_rules=False, transitional=False))
    except (idna.IDNAError, UnicodeError, ValueError):
        return unicodedata.normalize("NFKC", label).lower()


def _from_punycode(label: str, *, strict: bool) -> str:
    """Decode an ``xn--`` label; broken punycode raises (strict) or stays as written.

    Labels that decode but hold code points IDNA 2008 disallows (emoji names registered
    under IDNA 2003) are decoded all the same: they exist, and a reader sees them decoded.
    """
    try:
        return str(idna.decode(label)).lower()
    except idna.InvalidCodepoint:
        pass
    except (idna.IDNAError, UnicodeError, ValueError) as error:
        if strict:
            raise LinkError(f"broken punycode label: {label[:60]}") from error
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode").lower()
    except (UnicodeError, ValueError) as error:
        if strict:
            raise LinkError(f"broken punycode label: {label[:60]}") from error
        return label
    return decoded


def _allowed(label: str) -> bool:
    """Letters, digits, hyphen, underscore (seen in real DNS names), combining marks, and
    the emoji and other pictographs (``💩.la``, ``i❤.ws``) that ``_pictograph`` admits."""
    return all(c.isalnum() or c in "-_" or unicodedata.category(c).startswith("M")
               or _pictograph(c) for c in label)


@functools.lru_cache(maxsize=4096)
def _pictograph(char: str) -> bool:
    """True for an emoji or other pictograph (Unicode's "other symbol", and the skin-tone
    modifiers) that UTS 46 keeps as it is, as browsers process host names (non-strict,
    nontransitional): IDNA 2008 disallows them, but names such as ``xn--ls8h.la`` (``💩.la``)
    were registered under IDNA 2003 rules and browsers visit them. Not math symbols
    (``∕``, the division slash, reads as a ``/``), nor joiners (a browser checks them, and
    refuses ``👨‍👩``), nor what UTS 46 maps or disallows (``U+FFFD``, private use)."""
    if unicodedata.category(char) not in ("So", "Sk"):
        return False
    try:
        return str(idna.uts46_remap(char, std3_rules=False, transitional=False)) == char
    except (idna.IDNAError, UnicodeError, ValueError):
        return False


_IPV4_NUMBER = re.compile(r"0[xX][0-9a-fA-F]*|[0-9]+")
"""An IPv4 part as the WHATWG URL standard reads it: 0x hex (``0x`` alone is 0), 0-led
octal, or decimal; ASCII only."""


def ends_in_number(host: str) -> bool:
    """True when a browser reads ``host`` as an IPv4 address (WHATWG "ends in a number"):
    its last label, after one trailing dot, is a decimal, octal or hex number
    (``2130706433``, ``0x7f.1``, ``welt.ltd.1``, which is then no valid address at all)."""
    last = host[:-1] if host.endswith(".") else host
    label = last[last.rfind(".") + 1 :]
    if label.isdigit():
        return label.isascii()
    return label[:2] in _HEX_PREFIXES and _IPV4_NUMBER.fullmatch(label) is not None


def whatwg_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a browser makes of a host that ends in a number (``0x7f.1``,
    ``0177.0.0.1``, ``2130706433`` are all 127.0.0.1); None where it refuses the URL."""
    parts = host.split(".")
    if len(parts) > 1 and not parts[-1]:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        if _IPV4_NUMBER.fullmatch(part) is None:
            return None
        if part[:2] in _HEX_PREFIXES:
            numbers.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not set(part) <= _OCTAL_DIGITS:
                return None
            numbers.append(int(part, 8))
        elif len(part) > _MAX_DECIMAL_DIGITS:  # past any address, and past int()'s limit
            return None
        else:
            numbers.append(int(part))
    *head, last = numbers
    if any(number > 255 for number in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number * 256 ** (3 - index)
    return ipaddress.IPv4Address(value)


_OCTAL_DIGITS = frozenset("01234567")
_MAX_DECIMAL_DIGITS = 10
"""A decimal part (no leading zero) of more digits is 2**32 or more: no address. ``int``
refuses decimal strings of more than 4,300 digits (a ValueError out of a redirect's host);
octal and hex parts, which browsers read with any number of leading zeros, have no limit."""
_HEX_PREFIXES = ("0x", "0X")


def _ipv4(host: str, *, strict: bool) -> str:
    """The dotted-decimal address of a host that ends in a number, as a browser reads it."""
    if host.count(".") == 3:
        try:
            return str(ipaddress.IPv4Address(host))  # the common case: dotted decimal
        except ValueError:
            pass  # octal (0177.0.0.1), hex, or no address at all
    address = whatwg_ipv4(host)
    if address is not None:
        return str(address)
    if strict:
        raise LinkError(f"not a valid IPv4 address: {host[:60]}")
    return host.lower()


def _ipv6(host: str, *, strict: bool) -> str:
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    address, _, zone = bare.partition("%")
    try:
        text = str(ipaddress.IPv6Address(address))
    except ValueError as error:
        if strict:
            raise LinkError(f"broken IPv6 literal: {host[:60]}") from error
        return host.lower()
    return f"{text}%{zone}" if zone else text


# --------------------------------------------------------------------------- checks


def ip_literal(host: str) -> str | None:
    """The address for an IP literal host (``[::1]`` or ``192.0.2.1``), None for a name;
    ``LinkError`` for a broken literal."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in bare or host.startswith("["):
        try:
            return str(ipaddress.IPv6Address(bare.split("%", 1)[0]))
        except ValueError as error:
            raise LinkError(f"broken IPv6 literal: {host[:80]}") from error
    if bare.replace(".", "").isdigit():
        try:
            return str(ipaddress.IPv4Address(bare))
        except ValueError as error:
            raise LinkError(f"not a valid IPv4 address or host name: {host[:80]}") from error
    return None


def check_host(host: str) -> None:
    """Enforce RFC 1035 lengths (on the punycode form), host-name characters and punycode
    that decodes, on a lower-case host; ``LinkError`` says what is wrong."""
    labels = host.split(".")
    ascii_length = len(labels) - 1
    for label in labels:
        if not label:
            raise LinkError(f"empty label in host name: {host[:80]}")
        if label.isascii():
            encoded = label
            if not _LDH_LABEL.fullmatch(label):
                raise LinkError(f"character not allowed in a host name: {label[:80]}")
            decode_label(label)
        else:
            if not _allowed(label):
                raise LinkError(f"character not allowed in a host name: {label[:80]}")
            encoded = "xn--" + label.encode("punycode").decode("ascii")
        if len(encoded) > MAX_LABEL:
            raise LinkError(f"label longer than {MAX_LABEL} characters: {label[:40]}…")
        ascii_length += len(encoded)
    if ascii_length > MAX_NAME:
        raise LinkError(f"host name longer than {MAX_NAME} characters")


def decode_label(label: str) -> str:
    """``xn--wlt-rdd`` → ``wеlt``; other labels as they are; broken punycode is a LinkError.

    IDNA 2008 (the ``idna`` package) decides what is broken. Labels that decode but hold
    code points IDNA 2008 disallows (emoji domains registered under IDNA 2003 rules) are
    shown decoded all the same: they exist, and a reader sees them that way.
    """
    if not label.startswith("xn--"):
        return label
    try:
        return str(idna.decode(label)).lower()
    except idna.InvalidCodepoint:
        return label[4:].encode("ascii").decode("punycode").lower()
    except (idna.IDNAError, UnicodeError, ValueError) as error:
        raise LinkError(f"broken punycode label: {label[:80]}") from error


# --------------------------------------------------------------------------- on the wire


def wire_host(host: str) -> str:
    """The host as a request carries it: what a browser's (WHATWG) URL parser and httpx make
    of it, and what a proxy or resolver is then asked for.

    Percent-escapes are decoded (``%31%32%37.0.0.1``), UTS 46 maps the rest (fullwidth
    letters and digits, and the ideographic, fullwidth and halfwidth full stops ``。．｡``,
    which become dots: ``127。0。0。1`` is 127.0.0.1), and non-ASCII labels become ``xn--``
    labels. The address guard checks this form, so no spelling reaches a proxy or a socket
    that the guard did not see. ``LinkError`` when no client could send the host at all, or
    when it holds a character that would end it (``FORBIDDEN_IN_HOST``)."""
    if ":" in host or host.startswith("["):
        return host.lower()  # an IPv6 literal (with its zone index, if any)
    text = host
    if "%" in text:
        try:
            text = unquote(text, errors="strict")
        except UnicodeError as error:
            raise LinkError("invalid percent-encoding in host name") from error
    if text.isascii():
        if FORBIDDEN_IN_HOST.search(text):
            raise LinkError("character not allowed in a host name")
        return text.lower()
    try:
        mapped = str(idna.uts46_remap(text, std3_rules=False, transitional=False))
    except (idna.IDNAError, UnicodeError, ValueError) as error:
        raise LinkError("character not allowed in a host name") from error
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            labels.append(label.lower())
            continue
        try:
            labels.append("xn--" + label.encode("punycode").decode("ascii"))
        except UnicodeError as error:
            raise LinkError("character not allowed in a host name") from error
    wire = ".".join(labels)
    if FORBIDDEN_IN_HOST.search(wire):
        raise LinkError("character not allowed in a host name")
    return wire
