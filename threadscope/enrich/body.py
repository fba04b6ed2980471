"""Reading an answer's body with a cap on what it decompresses to: pages, RDAP, bootstrap files.

We decompress ourselves, from the raw bytes, because httpx inflates a whole network chunk at
once (64 KiB of a gzip bomb is 64 MiB of zeros) and stacks decoders for ``gzip, gzip`` (each
layer multiplying the last). Here one layer of gzip or deflate is inflated in steps of at most
what is still allowed, so a bomb costs the cap and no more; a stacked coding is ``bad
encoding`` (we ask for one of ``gzip, deflate, br, zstd``), and an unknown one leaves the
body as it came, as Chrome shows it (``_coding``). ``deflate`` is read with its
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


def _coding(content_encoding: str) -> str:
    """The one coding to undo: "" for none, or the list as written when it stacks several.

    A coding browsers do not know (``compress``, ``x-foo``) or ``identity`` anywhere in the
    list makes Chrome show the body as it came (``URLRequestHttpJob``: no decoding at all):
    a clone that names one over a plain page shows readers the page, and was "bad encoding",
    no page and no claims, to us. So is it read here. Stacked known codings (``gzip, gzip``)
    stay refused: each layer would multiply the last."""
    codings = [part.strip().lower() for part in content_encoding.split(",") if part.strip()]
    if any(coding not in _CODINGS for coding in codings):
        return ""
    return ", ".join(codings)


class LimitedInflater:
    """Raw chunks in, at most ``limit`` + 1 decompressed bytes kept."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        coding = _coding(content_encoding)
        self.limit = limit
        self.data = bytearray()
        self._inflate: zlib._Decompress | None = None
        self._brotli: Any = None
        self._zstd: zstandard.ZstdDecompressionObj | None = None
        self._start: bytearray | None = None
        """The first raw bytes of a ``deflate`` body, until it inflates: kept to read them
        again as raw deflate, without the zlib header (as browsers do, and servers send)."""
        if coding in ("gzip", "x-gzip", "deflate"):
            self._inflate = zlib.decompressobj(47)  # 32 + 15: a gzip or a zlib header, detected
            self._start = bytearray() if coding == "deflate" else None
        elif coding == "br" and hasattr(brotli.Decompressor, "can_accept_more_data"):
            self._brotli = brotli.Decompressor()  # brotli >= 1.2: output that stops at a limit
        elif coding == "zstd":
            self._zstd = zstandard.ZstdDecompressor(max_window_size=ZSTD_WINDOW).decompressobj(
                read_across_frames=True)
        elif coding:
            raise FetchError("bad encoding")  # "gzip, gzip", or br without brotli 1.2

    @property
    def full(self) -> bool:
        return len(self.data) > self.limit

    def feed(self, raw: bytes) -> None:
        """Take one raw chunk; FetchError("bad encoding") for a broken stream at the start."""
        room = self.limit + 1 - len(self.data)
        if self._brotli is not None:
            self._unbrotli(raw)
            return
        if self._zstd is not None:
            self._unzstd(raw)
            return
        if self._inflate is None:
            self.data += raw[:room]
            return
        if self._start is not None:
            self._start += raw  # all of the body so far: dropped once past _RAW_TRIAL
        try:
            self._inflate_all(raw)
        except zlib.error as error:
            if not self.data and self._start is not None:
                start, self._start = bytes(self._start), None
                self._inflate = zlib.decompressobj(-15)  # raw deflate, from the first byte
                self.feed(start)
                return
            if not self.data:
                raise FetchError("bad encoding") from error
            self._inflate = None  # keep what was readable, take nothing more
            raise _Broken from error
        if self.data or (self._start is not None and len(self._start) > _RAW_TRIAL):
            self._start = None  # it inflates (or never will as raw deflate): no trial

    def _unbrotli(self, raw: bytes) -> None:
        """Decompress ``raw``: what the decompressor holds back past the limit is left there
        (it takes no input until it has given that out, and it is never asked for it)."""
        pending: bytes | None = raw
        try:
            while not self.full:
                if self._brotli.can_accept_more_data():
                    if pending is None:
                        return
                    out = self._brotli.process(pending, output_buffer_limit=self._room)
                    pending = None
                else:
                    out = self._brotli.process(b"", output_buffer_limit=self._room)
                    if not out:
                        return
                self.data += out
        except brotli.error as error:
            if not self.data:
                raise FetchError("bad encoding") from error
            raise _Broken from error  # keep what was readable: the reading stops here

    def _unzstd(self, raw: bytes) -> None:
        """Decompress ``raw`` in pieces that cannot give much more than the room left: a
        bomb stops within a block (128 KiB) of the limit, whatever its ratio."""
        assert self._zstd is not None
        view, start = memoryview(raw), 0
        try:
            while start < len(raw) and not self.full:
                step = max(1, self._room // ZSTD_MAX_RATIO)
                self.data += self._zstd.decompress(view[start : start + step])
                start += step
        except zstandard.ZstdError as error:
            if not self.data:
                raise FetchError("bad encoding") from error
            raise _Broken from error  # keep what was readable: the reading stops here
        finally:
            del self.data[self.limit + 1 :]

    @property
    def _room(self) -> int:
        return max(1, self.limit + 1 - len(self.data))

    def _inflate_all(self, raw: bytes) -> None:
        assert self._inflate is not None
        pending = raw
        while pending and not self.full:
            self.data += self._inflate.decompress(pending, self.limit + 1 - len(self.data))
            pending = self._inflate.unconsumed_tail

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
    try:
        async for raw in chunks:
            inflater.feed(raw)
            if inflater.full:
                break
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
