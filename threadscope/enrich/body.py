"""Reading an answer's body with a cap on what it decompresses to: pages, RDAP, bootstrap files.

We decompress ourselves, from the raw bytes, because httpx inflates a whole network chunk at
once (64 KiB of a gzip bomb is 64 MiB of zeros) and stacks decoders for ``gzip, gzip`` (each
layer multiplying the last). Here each layer is inflated in steps of at most what is still
allowed, so a bomb costs the cap and no more. Up to ``MAX_LAYERS`` stacked codings are
undone (``gzip, gzip``: browsers read them, so a clone must not hide its page behind two
layers), each layer held to the same cap (``LimitedInflater``); more is
``TOO_MANY_CODINGS``. An unknown coding leaves the body as it came, as Chrome shows it
(``_codings``). ``deflate`` is read with its
zlib header or, as browsers read it too, without (raw deflate, which some servers send).
We ask for ``br`` and ``zstd`` as browsers do (``client.BROWSER_ENCODINGS``), so that a clone
that shows its page only to clients that accept them does not hide it from us; brotli's
decompressor is asked for at most what is still allowed, step by step, as zlib's is.
zstd's cannot be asked for less output than its input gives, so it is given its input in
pieces small enough that even a bomb's cannot pass the limit by much (``ZSTD_MAX_RATIO``), and
frames that want a window over 8 MiB, which RFC 9659 lets a decoder refuse (and browsers do),
are ``bad encoding``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
import zlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

import brotli  # type: ignore[import-untyped]
import httpx
import zstandard

from threadscope.enrich.client import StreamedResponse
from threadscope.errors import FetchError

_RAW_TRIAL = 64 * 1024
"""Raw bytes of a ``deflate`` body kept, until it inflates, to try it as raw deflate."""
ZSTD_MAX_RATIO = 1 << 15
"""Most bytes one byte of zstd input can become: a block gives at most 128 KiB and takes at
least 4 bytes (an RLE block: a 3-byte header and the byte), so a piece of input of
``room // ZSTD_MAX_RATIO`` bytes gives at most ``room`` and one block's 128 KiB."""
ZSTD_WINDOW = 8 * 1024 * 1024
"""The largest window a zstd page may ask for (RFC 9659: the ``zstd`` content coding's)."""


@dataclass(frozen=True)
class Body:
    """The bytes of an answer, cut at the limit (decompressed)."""

    data: bytes
    encoding: str | None
    truncated: bool
    broken: bool = False
    """Cut by the server (a reset, a Content-Length never filled), not at our limit: what
    came is read, but not kept as the page for later runs (a retry may get all of it)."""


_CODINGS = frozenset({"gzip", "x-gzip", "deflate", "br", "zstd"})
MAX_LAYERS = 3
"""Codings undone at most, one over the other (``gzip, gzip``, ``br, gzip, zstd``): more
is ``TOO_MANY_CODINGS`` (each layer costs up to the limit in decompression work)."""
TOO_MANY_CODINGS = "too many encodings"
"""The ``error`` of a body wrapped in more than ``MAX_LAYERS`` codings."""
PACE = 64
"""Chunks read between two turns of the event loop. Chunks come from bytes already
received without the loop running (``transport.AsyncioStream.read``), and a body of 1-byte
chunks costs the HTTP parser far more than it costs the server to send: 64 KiB of them
held the loop (every link, the timeout, the deadline) for a second and more."""
_STEP = 256 * 1024
"""Bytes an inner layer is handed at a time from the layer around it: what a stack holds
between its layers, however far the outer one inflates."""


def _codings(content_encoding: str) -> list[str]:
    """The codings to undo, in the order they were applied (the header's): none when there
    is nothing to undo.

    A coding browsers do not know (``compress``, ``x-foo``) or ``identity`` anywhere in the
    list makes Chrome show the body as it came (``URLRequestHttpJob``: no decoding at all):
    a clone that names one over a plain page shows readers the page, and was "bad encoding",
    no page and no claims, to us. So is it read here."""
    codings = [part.strip().lower() for part in content_encoding.split(",") if part.strip()]
    if any(coding not in _CODINGS for coding in codings):
        return []
    return codings


class _Bad(Exception):
    """A layer's stream is broken (no gzip, brotli or zstd there, or a zstd window too big)."""


class _Layer:
    """One coding undone: compressed bytes in (``push``), at most ``room`` decompressed
    bytes out a call (``pull``); what would come past ``room`` stays in the decompressor
    (or in ``held``, for zstd's), never all of it at once."""

    def __init__(self) -> None:
        self.pending = b""
        self.held = b""
        self.produced = 0

    def push(self, data: bytes) -> None:
        self.pending += data

    @property
    def kept(self) -> int:
        """Bytes held between calls: input not yet decoded, output past a step."""
        return len(self.pending) + len(self.held)

    def pull(self, room: int) -> bytes:
        """At most ``room`` bytes of what the input so far decodes to; b"" when it needs more."""
        if self.held:
            out, self.held = self.held[:room], self.held[room:]
        else:
            out = self._decode(room)
            out, self.held = out[:room], out[room:]
        self.produced += len(out)
        return out

    def _decode(self, room: int) -> bytes:
        raise NotImplementedError


class _Zlib(_Layer):
    """gzip or deflate; ``deflate`` with its zlib header or, as browsers read it too,
    without (raw deflate, which some servers send)."""

    def __init__(self, raw_trial: bool) -> None:
        super().__init__()
        self._inflate = zlib.decompressobj(47)  # 32 + 15: a gzip or a zlib header, detected
        self.start: bytearray | None = bytearray() if raw_trial else None
        """The first raw bytes of a ``deflate`` body, until it inflates: kept to read them
        again as raw deflate, without the zlib header (as browsers do, and servers send)."""

    @property
    def kept(self) -> int:
        return super().kept + len(self.start or b"")

    def push(self, data: bytes) -> None:
        super().push(data)
        if self.start is not None:
            self.start += data  # all of the body so far: dropped once past _RAW_TRIAL

    def _decode(self, room: int) -> bytes:
        try:
            out = self._inflate.decompress(self.pending, room)
        except zlib.error as error:
            if self.produced or self.start is None:
                raise _Bad from error
            self.pending, self.start = bytes(self.start), None
            self._inflate = zlib.decompressobj(-15)  # raw deflate, from the first byte
            return self._decode(room)
        self.pending = self._inflate.unconsumed_tail
        if out or (self.start is not None and len(self.start) > _RAW_TRIAL):
            self.start = None  # it inflates (or never will as raw deflate): no trial
        return out


class _Brotli(_Layer):
    """brotli >= 1.2, whose decompressor stops at an output limit: what it holds back past
    the limit is left there (it takes no input until it has given that out)."""

    def __init__(self) -> None:
        super().__init__()
        self._brotli: Any = brotli.Decompressor()

    def _decode(self, room: int) -> bytes:
        try:
            if self._brotli.can_accept_more_data():
                if not self.pending:
                    return b""
                data, self.pending = self.pending, b""
                return bytes(self._brotli.process(data, output_buffer_limit=room))
            return bytes(self._brotli.process(b"", output_buffer_limit=room))
        except brotli.error as error:
            raise _Bad from error


class _Zstd(_Layer):
    """zstd's decompressor cannot be asked for less output than its input gives, so it is
    given its input in pieces small enough that even a bomb's cannot pass ``room`` by much
    (``ZSTD_MAX_RATIO``); the little past it waits in ``held``."""

    def __init__(self) -> None:
        super().__init__()
        self._zstd = zstandard.ZstdDecompressor(max_window_size=ZSTD_WINDOW).decompressobj(
            read_across_frames=True)

    def _decode(self, room: int) -> bytes:
        """Pieces until ``room`` is filled (or the input is used up): a stream of tiny
        blocks costs a call per ``room``, not one per block."""
        parts: list[bytes] = []
        size, view, start = 0, memoryview(self.pending), 0
        try:
            while start < len(view) and size < room:
                step = max(1, (room - size) // ZSTD_MAX_RATIO)
                part = self._zstd.decompress(view[start : start + step])
                start += step
                parts.append(part)
                size += len(part)
        except zstandard.ZstdError as error:
            raise _Bad from error
        finally:
            view.release()
            if start:
                self.pending = self.pending[start:]  # one copy a call, not one a piece
        return b"".join(parts)


def _layer(coding: str) -> _Layer:
    if coding in ("gzip", "x-gzip", "deflate"):
        return _Zlib(raw_trial=coding == "deflate")
    if coding == "br" and hasattr(brotli.Decompressor, "can_accept_more_data"):
        return _Brotli()
    if coding == "zstd":
        return _Zstd()
    raise FetchError("bad encoding")  # br without brotli 1.2


class LimitedInflater:
    """Raw chunks in, at most ``limit`` + 1 decompressed bytes kept.

    A stack of codings (``gzip, br``) is undone layer by layer, the last applied first, each
    inner layer handed at most ``_STEP`` bytes at a time, and every layer held to the same
    limit of what it may decompress to in all: a bomb inside a bomb costs the limit once
    per layer (at most ``MAX_LAYERS``), never what the outer one inflates to. A real inner
    layer is smaller than the page it holds; one that grows past the limit ends the body
    there, as the limit does (``truncated``)."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = _codings(content_encoding)
        if len(codings) > MAX_LAYERS:
            raise FetchError(TOO_MANY_CODINGS)
        self.limit = limit
        self.data = bytearray()
        self._layers = [_layer(coding) for coding in reversed(codings)]
        """Outermost first: the first takes the raw bytes, the last gives the page."""
        self._capped = False
        """An inner layer reached the limit: nothing more is decoded."""
        self._broken = False
        """A layer broke after some data: what came is kept, nothing more is taken."""

    @property
    def full(self) -> bool:
        return self._capped or len(self.data) > self.limit

    @property
    def kept(self) -> int:
        """Bytes kept inside the stack between feeds (input not yet decoded, output past a
        step, a deflate start kept for its raw trial): bounded, whatever the body."""
        return sum(layer.kept for layer in self._layers)

    def feed(self, raw: bytes) -> None:
        """Take one raw chunk; FetchError("bad encoding") for a broken stream at the start."""
        if self._broken:
            return
        if not self._layers:
            self.data += raw[: self.limit + 1 - len(self.data)]
            return
        self._layers[0].push(raw)
        try:
            while not self.full:
                out = self._pull(len(self._layers) - 1, self.limit + 1 - len(self.data))
                if not out:
                    return
                self.data += out
        except _Bad as error:
            self._broken = True  # keep what was readable, take nothing more
            if not self.data:
                raise FetchError("bad encoding") from error
            raise _Broken from error

    def _pull(self, index: int, room: int) -> bytes:
        """At most ``room`` bytes out of layer ``index``, feeding it from the layer around
        it as far as it needs; b"" when the raw bytes so far give no more."""
        layer = self._layers[index]
        while True:
            out = layer.pull(room)
            if out or index == 0 or layer.pending:
                return out  # (input it has not taken yet: it is holding output back)
            outer = self._layers[index - 1]
            allowed = self.limit + 1 - outer.produced
            if allowed <= 0:
                self._capped = True  # the layer around it inflated past the limit
                return b""
            more = self._pull(index - 1, min(_STEP, allowed))
            if not more:
                return b""
            layer.push(more)

    def body(self, encoding: str | None) -> Body:
        return Body(bytes(self.data[: self.limit]), encoding, self.full)


class _Broken(Exception):
    """A compressed stream broke after some data: stop reading, keep what came."""


def cut_short(inflater: LimitedInflater, encoding: str | None) -> Body:
    """What ``inflater`` took before the reading was cut short (a reset, or the timeout):
    read as a browser shows it, marked ``truncated`` and ``broken`` (not kept for later)."""
    return dataclasses.replace(inflater.body(encoding), truncated=True, broken=True)


async def read_limited(response: StreamedResponse, limit: int, partial: bool = False,
                       inflater: LimitedInflater | None = None) -> Body:
    """Read at most ``limit`` decompressed bytes: a gzip bomb stops at the limit, not in RAM.

    With ``partial``, a body the server cuts off after some bytes (a reset, a Content-Length
    it never fills, no last chunk) is what came, marked ``truncated``, as a browser shows
    it: a clone must not hide its page by breaking the connection after sending it.
    ``inflater`` (made for this response): the caller's, so that what arrived is still
    there when the reading is cancelled (a timeout that fires mid-body: ``cut_short``).
    """
    if inflater is None:
        inflater = LimitedInflater(response.headers.get("content-encoding", ""), limit)
    chunks: AsyncIterator[bytes] = response.aiter_raw()
    cut = False
    count = 0
    try:
        async for raw in chunks:
            inflater.feed(raw)
            if inflater.full:
                break
            count += 1
            if count % PACE == 0:
                await asyncio.sleep(0)  # see PACE: the timeout and the deadline land here
    except _Broken:
        pass
    except (httpx.ReadError, httpx.RemoteProtocolError):
        if not (partial and inflater.data):
            raise
        cut = True
    return cut_short(inflater, response.charset_encoding) if cut \
        else inflater.body(response.charset_encoding)


def read_limited_sync(response: httpx.Response, limit: int,
                      deadline: float | None = None) -> Body:
    """``read_limited`` for a synchronous client (``update-rdap``). ``deadline``
    (``time.monotonic``): ``FetchError("timeout")`` once it passes between two chunks. The
    client's timeout holds for each read only, and a server sending a byte just inside it
    held the download for as long as it liked (4 MiB of them: years)."""
    inflater = LimitedInflater(response.headers.get("content-encoding", ""), limit)
    chunks: Iterable[bytes] = response.iter_raw()
    try:
        for raw in chunks:
            inflater.feed(raw)
            if inflater.full:
                break
            if deadline is not None and time.monotonic() > deadline:
                raise FetchError("timeout")
    except _Broken:
        pass
    return inflater.body(response.charset_encoding)
