"""Loading JSON-shaped text safely, and reading fields whose types cannot be trusted.

Dumps come from scrapers, exports and hand edits: a field may be missing, null, a number where
a string was expected, or nested ten thousand levels deep. These helpers return a safe default
instead of raising, so one odd record never costs the whole dump.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import operator
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from threadscope.ingest import deep_json

_ARCHIVE_PREFIX = re.compile(r"\A\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*")


class NotJson(ValueError):
    """The text looked like JSON but did not parse; ``str()`` says where."""


_JSON_START = re.compile(r"\{|\[\s*(?:[\[{\"\]]|\Z)")


_SSE_START = re.compile(r"(?::[^\n]*\n|[ \t]*\r?\n)*event: ?[\w.:-]+\r?\n(?:id: ?[^\n]*\n)?"
                        r"data: ?[\[{\"\d]")
"""A capture of a server-sent event stream (Mastodon's streaming API read with ``curl -N``):
comment lines (``:)``, ``:thump``), then ``event: update`` and a ``data:`` line of JSON."""


def looks_structured(text: str) -> bool:
    """True when the text opens like JSON, an X archive file (``window.YTD…``) or a captured
    server-sent event stream of JSON.

    An array must open with an object, array or string: a paste that starts with a bracketed
    marker (``[1/5] Der Bundestag …``) or ``[NB: …]`` is text, not broken JSON.
    """
    head = text.lstrip()[:200]
    return bool(_JSON_START.match(head) or _ARCHIVE_PREFIX.match(head) or _SSE_START.match(head))


@dataclass(frozen=True)
class Loaded:
    """Top-level values of a JSON (Lines) text, and the lines that did not parse."""

    values: list[Any]
    bad_lines: tuple[tuple[int, str], ...] = ()
    """(1-based line of the source, why) for each JSON Lines record that was skipped."""
    rest: tuple[int, str] | None = None
    """(1-based line, why) where documents given one after another (``cat a.json b.json``)
    stopped parsing: the text from there on (a document cut off, a tail of anything else)
    was skipped; None when it was read to its end."""

    def warning(self) -> str | None:
        """One sentence naming what was skipped, or None when everything was read."""
        if self.rest is not None:
            line, why = self.rest
            return (f"JSON: {len(self.values)} whole document(s) read; the rest, from line "
                    f"{line} on, skipped ({why})")
        if not self.bad_lines:
            return None
        return bad_lines_warning(self.bad_lines, len(self.bad_lines), len(self.values))


def line_error(error: NotJson) -> str:
    """Why one JSON Lines line did not parse, as a warning names it: its line is given
    apart, so the parser's "at line 1" is left out."""
    return str(error).replace(" at line 1 column", " at column")


SHOWN_BAD_LINES = 5
"""Bad JSON Lines lines named in a warning; the others are counted."""


def bad_lines_warning(bad: Sequence[tuple[int, str]], count: int, read: int) -> str:
    """``JSON Lines: lines 3, 9 not valid JSON (why the first failed); skipped, N record(s)
    read``: ``bad`` holds (line, why) of at least the first ``SHOWN_BAD_LINES`` bad lines, of
    ``count`` in all (a streamed reader keeps no more)."""
    shown = ", ".join(str(line) for line, _ in bad[:SHOWN_BAD_LINES])
    more = f" and {count - SHOWN_BAD_LINES} more" if count > SHOWN_BAD_LINES else ""
    noun = "line" if count == 1 else "lines"
    return (f"JSON Lines: {noun} {shown}{more} not valid JSON ({bad[0][1]}); skipped, "
            f"{read} record(s) read")


def load(text: str) -> Loaded:
    """Parse JSON, JSON Lines, JSON documents one after another, an archive ``tweets.js`` or
    a captured server-sent event stream (``_server_sent``) into a list of top-level values.

    The archive file is a JavaScript assignment; we strip everything before the first ``[``
    and parse the rest as JSON (never evaluate it). JSON Lines with some broken lines (a
    download cut off mid-record, a hand edit) keep every good line and name the bad ones,
    as long as records are most of the lines; otherwise the text is not JSON Lines and
    ``NotJson`` says where the whole text failed to parse.

    Documents each spread over many lines (``cat a.json b.json`` of pretty-printed API
    answers, two minified ones on one line) are the values in order (``_documents``). A
    text whose first two lines are JSON each is JSON Lines, read as before (``bots``
    streams it line by line: ``opens_as_lines``). When the documents stop parsing (the
    second cut off, a tail of other text) and the text is no JSON Lines either (or its
    lines are mostly broken), the whole documents before are read and the rest is skipped
    and said (``Loaded.rest``), as a stream reads the lines before a broken tail.
    """
    whole = _loads_in_place(text)
    if whole is not None:
        return Loaded([whole[0]])
    if _SSE_START.match(text.lstrip()[:200]):
        return _server_sent(text)
    lines = opens_as_lines(text)
    if lines:
        try:
            return _json_lines(text, lambda: _whole_error(text))
        except NotJson:
            pass  # most lines broken: the whole documents before the first are read
    documents, stop = _documents(text)
    if stop is None:
        return Loaded(documents)
    if not lines:
        try:
            return _json_lines(text, lambda: _whole_error(text), documents=False)
        except NotJson:
            pass
    if not documents:
        raise _whole_error(text)
    return Loaded(documents, rest=stop)


def load_line(line: str) -> Loaded:
    """The one value of a line of JSON Lines, as a stream reads it; ``NotJson`` otherwise
    (two documents on one line are a broken line, as ``load`` reads JSON Lines whole)."""
    whole = _loads_in_place(line)
    if whole is None:
        raise _whole_error(line)
    return Loaded([whole[0]])


def not_json(text: str) -> NotJson:
    """Why ``text`` is not one JSON value (where ``json.loads`` stops): what a text read
    for its few whole documents, and found of no known shape, is said to be."""
    return _whole_error(text)


def opens_as_lines(text: str) -> bool:
    """The first two lines that are not blank are one JSON value each: JSON Lines, as
    ``bots`` tells them before streaming a file line by line (``load_line``)."""
    found = 0
    for line in _lines(text):  # a piece at a time: only the head is split
        if not line.strip():
            continue
        if _loads_in_place(line) is None:
            return False
        found += 1
        if found == 2:
            return True
    return False


def _documents(text: str) -> tuple[list[Any], tuple[int, str] | None]:
    """JSON documents one after another, white space between them (``cat a.json b.json``,
    each pretty-printed over many lines, or minified and not ended by a newline), read with
    the standard decoder, and (1-based line, why) where they stopped parsing, None when
    they run to the end of the text."""
    values: list[Any] = []
    at = _space_end(text, 0)
    while at < len(text):
        try:
            value, end = _raw_decode(text, at)
        except ValueError as error:
            line = text.count("\n", 0, at) + 1
            if isinstance(error, json.JSONDecodeError):
                return values, (line, f"invalid JSON at line {error.lineno} column "
                                      f"{error.colno}: {error.msg}")
            return values, (line, f"invalid JSON: {error}")
        values.append(value)
        at = _space_end(text, end)
    return values, None


def _space_end(text: str, at: int) -> int:
    space = _SPACE.match(text, at)
    return space.end() if space else at


def _server_sent(text: str) -> Loaded:
    """Each event of a captured server-sent event stream as ``{"event", "payload"}``, the
    shape a websocket delivers the same events in; ``payload`` is the ``data`` text (JSON to
    the platform's reader). Comment lines are heartbeats."""
    values: list[Any] = []
    event: str | None = None
    data: list[str] = []
    for line in (*_lines(text), ""):
        if not line.strip():
            if event is not None or data:
                values.append({"event": event or "message", "payload": "\n".join(data)})
            event, data = None, []
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
    return Loaded(values)


def _whole_error(text: str) -> NotJson:
    """Why ``text`` is not one JSON value, said of the text as ``load`` reads it whole."""
    stripped = text.strip()
    prefix = _ARCHIVE_PREFIX.match(stripped)
    if prefix:
        start = stripped.find("[")  # an assignment cut off before its array parses as nothing
        stripped = stripped[start if start >= 0 else prefix.end() :].rstrip().rstrip(";")
    try:
        _loads(stripped)
    except NotJson as error:
        return error
    raise AssertionError("_loads_in_place reads every text that parses whole")


def _json_lines(text: str, whole_error: Callable[[], NotJson], *, documents: bool = True
                ) -> Loaded:
    values: list[Any] = []
    bad: list[tuple[int, str]] = []
    records = 0
    for number, found in line_values(_lines(text), documents=documents):
        if isinstance(found, NotJson):
            bad.append((number, line_error(found)))
            continue
        values.extend(found)
        records += isinstance(found[0], dict | list)
    if len(values) + len(bad) < 2 or records <= len(bad):
        raise whole_error() from None
    return Loaded(values, tuple(bad))


def line_values(lines: Iterable[str], limit: int | None = None, *, documents: bool = True
                ) -> Iterator[tuple[int, list[Any] | NotJson]]:
    """Each JSON value of JSON Lines with its (1-based) first line, or why a line holds
    none, reading the lines once, in order, as a stream does and a text read whole alike.

    A line is one value (``load_line``); a line that opens a value it does not close
    (``{``, ``[``: a pretty-printed document after the lines, ``cat small.jsonl big.json``)
    is read on, line by line, until the value closes: the document is one value. A value
    that breaks off before it closes (a record cut off, followed by whole lines) leaves its
    first line broken and the lines after it read again, each as a line; one that never
    closes (the text ends, or ``limit`` characters are passed) leaves each of its lines
    broken. Only the lines of the value being read are held. ``documents=False``: each
    line alone (a text that opens with a document is read as documents, ``load``)."""
    source = enumerate(lines, 1)
    again: deque[tuple[int, str]] = deque()
    horizon = 0  # lines read again up to here open no value that reaches past it
    while (item := again.popleft() if again else next(source, None)) is not None:
        number, line = item
        if not line.strip():
            continue
        whole = _loads_in_place(line)
        if whole is not None:
            yield number, [whole[0]]
            continue
        if not documents or not _opens_value(line):
            yield number, _whole_error(line)
            continue
        gathered, outcome = _gather(item, again, source, limit, horizon if number <= horizon
                                    else None)
        if isinstance(outcome, tuple):
            yield number, [outcome[0]]
        elif outcome is None:  # never closed: each of its lines is read alone
            for at, text in gathered:
                if text.strip():
                    alone = _loads_in_place(text)
                    yield at, _whole_error(text) if alone is None else [alone[0]]
        else:  # broke off at line ``outcome``: the lines after the first are read again
            yield number, _whole_error(line)
            again.extendleft(reversed(gathered[1:]))
            horizon = max(horizon, outcome - 1)


_OPENS = re.compile(r"\s*[\[{]")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')


def _opens_value(line: str) -> bool:
    """The line starts an object or array that it leaves open (a string it leaves open is
    a line cut off: a JSON string never spans lines)."""
    if not _OPENS.match(line):
        return False
    return _depth(line) > 0


def _depth(line: str) -> int:
    """Brackets the line opens, less those it closes, outside its strings."""
    bare = _STRINGS.sub("", line) if '"' in line else line
    return bare.count("{") + bare.count("[") - bare.count("}") - bare.count("]")


def _gather(first: tuple[int, str], again: deque[tuple[int, str]],
            source: Iterator[tuple[int, str]], limit: int | None, horizon: int | None
            ) -> tuple[list[tuple[int, str]], tuple[Any] | int | None]:
    """The lines of the value ``first`` opens, and the value (in a 1-tuple), or the line
    where it broke off, or None when it never closed. Parsed when its brackets close and
    when its lines double (so a value that broke off is found so within twice its lines,
    and no line is parsed more than about twice)."""
    gathered = [first]
    depth = _depth(first[1])
    size = len(first[1])
    check = 2
    while True:
        item = again.popleft() if again else next(source, None)
        if item is not None and horizon is not None and item[0] > horizon:
            again.appendleft(item)
            item = None
        if item is None or (limit is not None and size + len(item[1]) > limit):
            if item is not None:
                again.appendleft(item)
            outcome = _value_of(gathered) if len(gathered) > 1 else -1
            return gathered, None if outcome == -1 else outcome
        gathered.append(item)
        size += len(item[1])
        depth += _depth(item[1])
        if depth > 0 and len(gathered) < check:
            continue
        check = 2 * len(gathered)
        outcome = _value_of(gathered)
        if outcome != -1:
            return gathered, outcome


def _value_of(gathered: list[tuple[int, str]]) -> tuple[Any] | int:
    """The value the lines hold (in a 1-tuple), -1 when it goes on past them, else the
    number of the line where it broke off."""
    text = "\n".join(line.rstrip("\r\n") for _, line in gathered)
    start = _space_end(text, 0)
    try:
        value, end = _raw_decode(text, start)
    except json.JSONDecodeError as error:
        if not text[error.pos :].strip():
            return -1
        return gathered[text.count("\n", 0, error.pos)][0]
    except ValueError:
        return gathered[-1][0]
    if _END.match(text, end) is None:  # more after the value on its line
        return gathered[text.count("\n", 0, end)][0]
    return (value,)


LINES_AT_ONCE = 1 << 20
"""Characters of JSON Lines split into lines at a time."""


def _lines(text: str) -> Iterator[str]:
    """``split_lines(text)`` a piece at a time: a list of every line of a large dump costs
    more than its text. Pieces end just after a ``\n``, where a line always ends."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + LINES_AT_ONCE) + 1 or len(text)
        yield from split_lines(text[start:end])
        start = end


_LINE_END = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    """The lines of JSON Lines or of an event stream: ``str.splitlines`` but only at ``\n``,
    ``\r\n`` and ``\r``, where JSON Lines and server-sent events end a line. JSON may hold
    U+2028, U+2029 and U+0085 raw inside a string (``json.dumps(ensure_ascii=False)`` and
    ``jq -c`` write them so), and ``splitlines`` would cut such a record in two broken lines:
    a post could hide from the reader behind one of them."""
    lines = _LINE_END.split(text) if "\r" in text else text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")
"""What ``str.strip`` removes (regex ``\\s`` and ``str.isspace`` are the same class)."""
_END = re.compile(r"\s*\Z")
_ARCHIVE_END = re.compile(r"[ \t\n\r]*;*\s*\Z")
"""After the archive's array: what ``strip``, then ``rstrip(";")``, leave for JSON to skip."""


def _loads_in_place(text: str) -> tuple[Any] | None:
    """The one value of ``text`` as ``load`` reads it whole, parsed where it stands: for a
    dump of hundreds of megabytes, ``strip`` and the slice after an archive's assignment
    are each a copy of the text. None when this quick way does not parse (then ``load``
    goes the long way, which also words the error); a value in a 1-tuple, since ``null``
    is one. It parses exactly the texts that ``json.loads`` parses once stripped (and, for
    an archive, cut to its array)."""
    prefix = _ARCHIVE_PREFIX.match(text)
    if prefix:
        start = text.find("[")  # an assignment cut off before its array parses as nothing
        start = start if start >= 0 else prefix.end()
    else:
        space = _SPACE.match(text)
        start = space.end() if space else 0
    try:
        value, end = _raw_decode(text, start)
    except ValueError:
        return None
    if (_ARCHIVE_END if prefix else _END).match(text, end) is None:  # json.loads: extra data
        return _archive_parts(text, value, end) if prefix else None
    return (value,)


_NEXT_PART = re.compile(r"[ \t\n\r]*;*\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*(?=\[)")
"""Where the next file of an archive starts in ``cat tweets.js tweets-part1.js``."""


def _archive_parts(text: str, first: Any, end: int) -> tuple[Any] | None:
    """The entries of an archive's files given one after another (a large archive continues
    in ``tweets-part1.js``, …; ``cat data/tweets*.js`` holds a thread that crosses them) as
    one list, read as one file's; None when anything else follows the first array."""
    entries = first if isinstance(first, list) else None
    while entries is not None and _ARCHIVE_END.match(text, end) is None:
        part = _NEXT_PART.match(text, end)
        if part is None:
            return None
        try:
            more, end = _raw_decode(text, part.end())
        except ValueError:
            return None
        entries = [*entries, *more] if isinstance(more, list) else None
    return None if entries is None else (entries,)


def _raw_decode(text: str, start: int) -> tuple[Any, int]:
    """``json``'s ``raw_decode``, or, for nesting deeper than its recursion goes (a Bluesky
    thread some 500 replies deep), the same reading done without recursion."""
    try:
        return _DECODER.raw_decode(text, start)
    except RecursionError:
        return deep_json.raw_decode(text, start)


def _loads(text: str) -> Any:
    """``json.loads``, at any depth of nesting; ``NotJson`` says why the text is not JSON."""
    try:
        try:
            return json.loads(text)
        except RecursionError:
            return deep_json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise NotJson(f"invalid JSON at {where}: {error.msg}") from None
    except ValueError as error:  # e.g. integers too long to convert
        raise NotJson(f"invalid JSON: {error}") from None


def obj(value: Any, key: str) -> dict[str, Any]:
    """``value[key]`` when both are dicts, else ``{}``."""
    if type(value) is dict or isinstance(value, Mapping):  # a dict asked first: see ``text``
        found = value.get(key)
        if isinstance(found, dict):
            return found
    return {}


def items(value: Any, key: str | None = None) -> list[dict[str, Any]]:
    """The dict elements of ``value[key]`` (or of ``value`` itself when key is None)."""
    if key is not None:
        value = value.get(key) if type(value) is dict or isinstance(value, Mapping) else None
    seq = value
    if type(seq) is list or (seq is not None and isinstance(seq, Sequence)
                             and not isinstance(seq, str | bytes)):
        return [x for x in seq if isinstance(x, dict)]
    return []


def mostly(fits: Callable[[dict[str, Any]], bool], found: Sequence[dict[str, Any]]) -> bool:
    """True when most of the first 20 records ``fit``: a dump is known by what most of its
    records are, so one odd record (an error response saved among the tweets) is skipped by
    the reader instead of costing the whole dump."""
    if len(found) == 1:  # one record (a line of JSON Lines, asked by every shape): fits or not
        return bool(fits(found[0]))
    head = found[:20]
    return sum(map(fits, head)) * 2 > len(head)


def records(values: Sequence[Any]) -> list[dict[str, Any]]:
    """The dicts among top-level values, a JSON array's elements counted one by one, and
    those of arrays in it at any depth, in document order: a saved array of records and the
    same records one per JSON Lines line read alike, and so do an array of answers some of
    which are arrays themselves (``json.dump(pages)`` of a v1.1 timeline and a single
    tweet) and the same answers one a line. Iterative: no nesting is too deep.

    Inside ``walked_once`` the values last walked are not walked again (a fresh list each
    call: the records are kept as a tuple)."""
    if len(values) == 1 and type(values[0]) is dict:  # a line of one record, the most common
        return [values[0]]
    last = _WALKED.get()
    if last is None:
        return _walk(values)
    if last.found is not None and last.holds(values):
        return list(last.found)
    found = _walk(values)
    last.values, last.found = tuple(values), tuple(found)
    return found


HEAD = 20
"""Records a shape is known by (``mostly``, ``head_records``)."""


def head_records(values: Sequence[Any], count: int = HEAD) -> list[dict[str, Any]]:
    """The first ``count`` of ``records(values)``, walked no further than they are: a shape
    is known by its first records (``mostly``), and a JSON Lines dump of a million lines
    was walked whole by each check that asked ``records(values)[:20]``, one full pass per
    shape before a record was read. One array (a dump saved as a list, a line that is an
    array) goes through ``records``, whose walk ``walked_once`` shares with the reader and
    every other check. Whether the rest of the dump is of the same shape is not asked
    here: ``parse`` looks at every value once (``_apart``, ``_several_shapes``) and reads
    the values of another shape each by its own reader, so a first record made to look like
    one shape costs only its own line, never the dump's."""
    if len(values) == 1:  # a line (asked of every line of a dump), or one array
        return [values[0]] if type(values[0]) is dict else records(values)[:count]
    last = _WALKED.get() if count == HEAD else None
    if last is not None and last.found is not None and last.holds(values):
        return list(last.found[:count])  # ``records`` walked these values already
    if last is not None and last.head is not None and _same(last.head_of, values):
        return list(last.head)
    found = _head(values, count)
    if last is not None:  # each check asks again: a deep line is walked once, not per shape
        last.head_of, last.head = tuple(values), tuple(found)
    return found


def _head(values: Sequence[Any], count: int) -> list[dict[str, Any]]:
    """The first ``count`` records under ``values``, depth first, with a stack of iterators:
    no nesting is too deep to recurse, and the walk is left as soon as ``count`` are found."""
    out: list[dict[str, Any]] = []
    stack: list[Iterator[Any]] = [iter(values)]
    while stack and len(out) < count:
        for value in stack[-1]:
            if isinstance(value, dict):
                out.append(value)
                if len(out) == count:
                    break
            elif isinstance(value, list):
                stack.append(iter(value))
                break
        else:
            stack.pop()
    return out


def _walk(values: Sequence[Any]) -> list[dict[str, Any]]:
    """``records``' walk: every record under ``values``."""
    return _head(values, sys.maxsize)


class _Walk:
    """The top-level values ``records`` walked last (held, so that their identities stay
    theirs) and the records it found, or None before the first walk."""

    __slots__ = ("found", "head", "head_of", "values")

    def __init__(self) -> None:
        self.values: tuple[Any, ...] = ()
        self.found: tuple[dict[str, Any], ...] | None = None
        self.head_of: tuple[Any, ...] = ()
        self.head: tuple[dict[str, Any], ...] | None = None
        """The values ``head_records`` walked last, and the first records it found."""

    def holds(self, values: Sequence[Any]) -> bool:
        """``values`` are the ones walked (the same objects), or the items of the array that
        was the one value walked (``read_line`` asks of a line ``[array]``, then of the
        array's items): the same records either way."""
        walked = self.values
        if len(walked) == 1 and isinstance(walked[0], list) and _same(walked[0], values):
            return True
        return _same(walked, values)


def _same(these: Sequence[Any], those: Sequence[Any]) -> bool:
    """The same objects, in the same order."""
    return len(these) == len(those) and all(map(operator.is_, these, those))


_WALKED: contextvars.ContextVar[_Walk | None] = contextvars.ContextVar(
    "threadscope_records_walked", default=None
)


@contextlib.contextmanager
def walked_once() -> Iterator[None]:
    """Inside the block, ``records`` of the same top-level values (by identity: ``[v]``,
    ``values[:20]`` and ``values`` are fresh lists of them) walks them once, however many
    shapes ask.

    Each shape check asks ``records`` of a line or a dump (``parse._reader_for``: 24 walks
    of a line in ``read_line``, with its second look at a line's array; 48 a line in
    ``parse_structured``, which also reads each value alone), and each walk goes through
    every array at every depth: a hostile line of ``[[[…]]]`` 100,000 deep cost seconds of
    CPU a line. The values are JSON just parsed,
    which no reader changes. Only the last walk is kept, and it is dropped when the
    outermost block ends: no dump's values are held after it is read. A block inside
    another shares the outer one's."""
    if _WALKED.get() is not None:
        yield
        return
    token = _WALKED.set(_Walk())
    try:
        yield
    finally:
        _WALKED.reset(token)


def text(value: Any, key: str) -> str | None:
    """``value[key]`` as a string (numbers become strings, ids often are numbers), else None.

    A ``dict`` is told by its type before the ``Mapping`` check: JSON gives dicts, and an
    ``isinstance`` against an abstract class goes through ``__instancecheck__``, a Python call
    each (900,000 of them reading 10,000 Bluesky feed items a line at a time)."""
    if type(value) is not dict and not isinstance(value, Mapping):
        return None
    found = value.get(key)
    if isinstance(found, str):
        return found
    if isinstance(found, int) and not isinstance(found, bool):
        return str(found)
    return None


def unique(values: Sequence[str | None]) -> tuple[str, ...]:
    """Non-empty values, first occurrence kept, order preserved."""
    return tuple(dict.fromkeys(v for v in values if v))


def expansions(entities: Sequence[Any], *keys: str) -> tuple[tuple[str, str], ...]:
    """(``url``, the first of ``keys`` an entity has) for each URL entity whose short link and
    expansion differ, once each: which t.co link of a text stands for which address."""
    pairs: dict[tuple[str, str], None] = {}
    for entity in entities:
        short = text(entity, "url")
        expanded = next((found for key in keys if (found := text(entity, key))), None)
        if short and expanded and short != expanded:
            pairs[(short, expanded)] = None
    return tuple(pairs)
