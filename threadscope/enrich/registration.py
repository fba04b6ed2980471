"""When a domain was registered, and by whom: RDAP first, port-43 WHOIS as the fallback.

RDAP is authoritative for gTLDs (ICANN sunset WHOIS for them in 2025) and answers JSON; many
country-code registries still only speak WHOIS. The RDAP servers come from IANA's bootstrap
file (RFC 9224), shipped in ``threadscope/data`` and refreshed by ``threadscope update-rdap``.
A lookup that fails is recorded in ``Registration.error``: "no answer" never means "registered".
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import platformdirs

from threadscope.enrich.body import read_limited, read_limited_sync
from threadscope.enrich.client import HttpClient, environment_proxies, ordered, unusable_proxy
from threadscope.enrich.guard import Lookup, system_lookup, vetted_addresses
from threadscope.enrich.limits import Limiter
from threadscope.enrich.resolve import FAILURES, guarded_url, translate
from threadscope.enrich.whois_text import WhoisFields, WhoisReader, read_whois
from threadscope.errors import FetchError, UsageError
from threadscope.models import Registration

BOOTSTRAP_NAME = "iana-rdap-dns.json"
MAX_ANSWER = 512 * 1024


@dataclass(frozen=True)
class Bootstrap:
    """TLD (lower-case, ASCII) → RDAP base URLs, from IANA's dns.json."""

    services: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_json(cls, data: Any) -> Bootstrap:
        services: dict[str, tuple[str, ...]] = {}
        entries = data.get("services") if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if not (isinstance(entry, list) and len(entry) >= 2):
                continue
            tlds, urls = entry[0], entry[1]
            if not (isinstance(tlds, list) and isinstance(urls, list)):
                continue  # a junk or hostile file: skip the entry, never crash
            bases = tuple(u if u.endswith("/") else u + "/" for u in urls if isinstance(u, str))
            # Prefer https where a registry lists both.
            bases = tuple(sorted(bases, key=lambda u: not u.startswith("https:")))
            for tld in tlds:
                if isinstance(tld, str) and bases:
                    services[tld.lower()] = bases
        return cls(services)

    def base_for(self, domain: str) -> str | None:
        """Longest-suffix match of the domain's labels against the bootstrap entries."""
        labels = domain.lower().rstrip(".").split(".")
        for start in range(len(labels)):
            bases = self.services.get(".".join(labels[start:]))
            if bases:
                return bases[0]
        return None


def user_bootstrap_path() -> Path:
    return Path(platformdirs.user_data_dir("threadscope")) / BOOTSTRAP_NAME


@functools.cache
def load_bootstrap() -> Bootstrap:
    """The refreshed copy in the user data dir if there is a readable one, else the shipped one."""
    user = user_bootstrap_path()
    if user.is_file():
        try:
            return Bootstrap.from_json(json.loads(user.read_text("utf-8")))
        except (OSError, ValueError):
            pass  # a damaged refresh falls back to the shipped snapshot
    text = resources.files("threadscope.data").joinpath(BOOTSTRAP_NAME).read_text("utf-8")
    return Bootstrap.from_json(json.loads(text))


# --------------------------------------------------------------------------- RDAP


FIRST_REGISTRATION = dt.date(1985, 1, 1)
"""No domain is older than the DNS (its first registration, symbolics.com, was in March
1985): a creation date before it is a placeholder or junk, not an age."""
UNUSABLE_RDAP_DATE = "rdap: unusable registration date"
UNUSABLE_WHOIS_DATE = "whois: unusable creation date"
"""The ``error`` of an answer whose creation date is no date (``yesterday``, ``2024-02-30``,
year 0), or one no domain can have: before the DNS, or after today."""
_DAY = dt.timedelta(days=1)


def registration_day(text: str) -> dt.date | None:
    """The UTC date of an RDAP or WHOIS time (``2026-12-01T23:59:59-12:00`` is 2 December,
    as ``today`` is a UTC date); a time without an offset is taken as written, and one
    whose date is followed by junk (``2026-11-30T10:00:00+99:99``) by its date."""
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.date()
    try:
        return moment.astimezone(dt.UTC).date()
    except OverflowError:  # year 1 or 9999, pushed past the calendar's end
        return moment.date()


def usable_date(text: str | None, created: bool = False) -> str | None:
    """``text`` where it is a date (its date alone, ``2026-11-30``, where junk follows the
    date), else None; with ``created``, only a date a domain can have been registered on:
    from ``FIRST_REGISTRATION`` to tomorrow (a registry's clock a time zone ahead).

    The server's words, shown in every report and kept in the cache as the domain's age:
    ``9999-12-31``, ``yesterday`` and escape sequences were kept as "created" (and the
    domain's look-up as done) where they are no date at all."""
    day = registration_day(text) if text else None
    if day is None or text is None:
        return None
    if created and not FIRST_REGISTRATION <= day <= dt.datetime.now(dt.UTC).date() + _DAY:
        return None
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return day.isoformat()
    return text


def _event_date(events: Any, action: str) -> str | None:
    for event in events if isinstance(events, list) else []:
        if isinstance(event, dict) and event.get("eventAction") == action:
            date = event.get("eventDate")
            if isinstance(date, str) and date:
                return date[:40]
    return None


def _vcard_fn(entity: Mapping[str, Any]) -> str | None:
    card = entity.get("vcardArray")
    if not (isinstance(card, list) and len(card) >= 2 and isinstance(card[1], list)):
        return None
    for prop in card[1]:
        if isinstance(prop, list) and len(prop) >= 4 and prop[0] == "fn":
            name = prop[3]
            return (name[:200] or None) if isinstance(name, str) else None
    return None


def _registrar(entities: Any) -> str | None:
    """The registrar's name (or handle). The answer is the server's JSON, any shape: roles
    that are neither a list nor the one role (``"roles": 5``), and a name or handle that is
    no text (or missing: once shown as "None"), name no registrar."""
    for entity in entities if isinstance(entities, list) else []:
        if not isinstance(entity, dict):
            continue
        roles = entity.get("roles")
        if roles == "registrar" or (isinstance(roles, list) and "registrar" in roles):
            handle = entity.get("handle")
            if not isinstance(handle, str | int) or isinstance(handle, bool):
                handle = ""
            return _vcard_fn(entity) or str(handle)[:200] or None
    return None


def parse_rdap(data: Any) -> Registration:
    """An RDAP domain object (RFC 9083) → Registration; no creation event is an error."""
    if not isinstance(data, dict):
        return Registration(None, source="rdap", error="rdap: not a domain object")
    written = _event_date(data.get("events"), "registration")
    created = usable_date(written, created=True)
    unusable = "rdap: no registration date" if written is None else UNUSABLE_RDAP_DATE
    return Registration(
        created=created,
        registrar=_registrar(data.get("entities")),
        source="rdap",
        expires=usable_date(_event_date(data.get("events"), "expiration")),
        error=None if created else unusable,
    )


async def rdap_lookup(client: HttpClient, domain: str, base: str,
                      allow_private: bool = False) -> Registration:
    """One RDAP query. Every failure (refused, no DNS, a bomb, junk) is the registration's
    error: it never costs the link the rest of its evidence.

    The base comes from a file an answer wrote (IANA's, or ``update-rdap --url``'s): unless
    ``allow_private``, its host is vetted as a link's is (``resolve.guarded_url``): a
    literal or internal name is refused here, a name when the client connects (its pinned
    backend), or by the proxy's resolver behind one. Without this check a proxy would be
    asked for ``http://169.254.169.254/`` on our behalf. The request goes out for the host
    that was checked, in the form a client sends it: a base written ``127.0.0。1`` or
    ``%31%32%37.0.0.1`` is loopback, refused, never handed to a proxy as written.
    """
    url = f"{base}domain/{domain}"
    try:
        url, _ = guarded_url(url, allow_private)
        async with client.stream("GET", url, headers={"Accept": "application/rdap+json"}) as r:
            if r.status_code == 404:
                return Registration(None, source="rdap", error="rdap: not found")
            if r.status_code != 200:
                return Registration(None, source="rdap", error=f"rdap: status {r.status_code}")
            body = await read_limited(r, MAX_ANSWER)
    except FAILURES as error:
        return Registration(None, source="rdap", error=f"rdap: {translate(error)}")
    if body.truncated:
        return Registration(None, source="rdap", error="rdap: answer too large")
    try:
        return parse_rdap(json.loads(body.data.decode("utf-8", errors="replace")))
    except (ValueError, RecursionError):
        return Registration(None, source="rdap", error="rdap: not JSON")


# --------------------------------------------------------------------------- WHOIS


@dataclass(frozen=True)
class WhoisServer:
    host: str
    port: int = 43


IANA_WHOIS = WhoisServer("whois.iana.org")
_REFER = re.compile(r"^(?:refer|whois):[ \t]*(\S{1,300})", re.IGNORECASE | re.MULTILINE)
MAX_HOST = 253


@dataclass(frozen=True)
class RegistryGuard:
    """How the registry servers an answer names are vetted before we connect to them.

    A server we were given (``EnrichSettings.whois_server`` and ``whois_root``, IANA's own by
    default) is the caller's choice and connected to as given, as a configured proxy is. A
    server named in an answer (IANA's ``refer:``/``whois:`` line) is the registry's say, and
    a hostile or tampered answer may name 127.0.0.1, 10.0.0.5, 169.254.169.254 or a name
    that resolves there: unless ``allow_private``, it is vetted as a link's host is
    (``guard.vetted_addresses``: literals in every spelling, internal names, each resolved
    address) and connected to at the addresses vetted, never resolved again.
    """

    allow_private: bool = False
    """``--allow-private``: no vetting (RDAP bases neither, see ``rdap_lookup``)."""
    resolve: Lookup = system_lookup
    """The name resolver (the system's; a test's DNS)."""
    root: WhoisServer = IANA_WHOIS
    """The server asked which server answers for a TLD (IANA's; a test's loopback one)."""


async def whois_query(server: WhoisServer, query: str, timeout: float,
                      vet: Lookup | None = None) -> str:
    """One port-43 exchange (RFC 3912): send the query and CRLF, read until the server closes.

    python-whois can only talk to port 43 of a named host with blocking sockets, so the
    exchange is ours and the parsing is python-whois's. ``vet`` gives the addresses a
    connection may use (``guard.vetted_addresses``), raising to refuse; None trusts the server.
    The answer is read up to ``MAX_ANSWER`` bytes.
    """
    async with asyncio.timeout(timeout):
        reader, writer = await _whois_connect(server, vet)
        try:
            writer.write(query.encode("ascii", errors="replace") + b"\r\n")
            await writer.drain()
            data = await reader.read(MAX_ANSWER)
            chunks = [data]
            while data and sum(map(len, chunks)) < MAX_ANSWER:
                data = await reader.read(MAX_ANSWER)
                chunks.append(data)
        finally:
            writer.close()
    return b"".join(chunks)[:MAX_ANSWER].decode("utf-8", errors="replace")


async def _whois_connect(server: WhoisServer, vet: Lookup | None = None,
                         ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection to the server's first address that takes one; the name is resolved by
    ``system_lookup`` (a slow name server must not hold the run's end, see there), or by
    ``vet``, whose addresses are then the only ones connected to."""
    try:
        if vet is not None:
            addresses = list(await vet(server.host, server.port))
        else:
            addresses = await system_lookup(server.host, server.port)
    except FetchError as error:
        raise FetchError(f"whois: {error}") from error
    except (OSError, UnicodeError) as error:
        raise FetchError("whois: connection failed") from error
    failure: Exception | None = None
    for address in ordered(addresses):
        try:
            return await asyncio.open_connection(address, server.port)
        except OSError as error:
            failure = error
    raise FetchError("whois: connection failed") from failure


def _whois_query_text(domain: str) -> str:
    # DENIC answers a domain query only in this form, and even then without a creation date
    # (only "Changed:"), so a .de answer ends as "whois: no creation date", never as young.
    return f"-T dn,ace {domain}" if domain.endswith(".de") else domain


def whois_registration(fields: WhoisFields) -> Registration:
    """What a reading of an answer says of the domain's age: a creation date that is a date
    a domain can have (``usable_date``), else the error."""
    if fields.error is not None:
        return Registration(None, source="whois", error=fields.error)
    created = usable_date(fields.created, created=True)
    unusable = "whois: no creation date" if fields.created is None else UNUSABLE_WHOIS_DATE
    return Registration(
        created=created,
        registrar=fields.registrar,
        source="whois",
        expires=fields.expires,
        error=None if created else unusable,
    )


def parse_whois(domain: str, text: str) -> Registration:
    """python-whois's parser over a WHOIS answer, in this process and without a time limit
    (``whois_lookup`` reads in a worker it can kill); junk gives an error, never an exception."""
    return whois_registration(read_whois(domain, text))


async def read_answer(domain: str, text: str, limit: float,
                      reader: WhoisReader | None = None) -> Registration:
    """The answer read by ``reader``'s workers (a worker started for it alone without one),
    within ``limit`` seconds: python-whois takes hours over some answers."""
    own = reader is None
    reader = reader or WhoisReader(1)
    try:
        return whois_registration(await reader.read(domain, text, limit))
    finally:
        if own:
            await reader.aclose()


def referred_server(answer: str) -> WhoisServer | None:
    """The server a root's answer names for the TLD (``refer:``, else ``whois:``), or None.

    The name is the answer's words: at most ``MAX_HOST`` characters and no spaces, port 43
    always (an answer chooses no port); whether it may be connected to is ``RegistryGuard``'s.
    """
    found = _REFER.search(answer)
    if found is None:
        return None
    host = found.group(1).strip().rstrip(".")
    if not host or len(host) > MAX_HOST:
        return None
    return WhoisServer(host)


async def whois_lookup(domain: str, server: WhoisServer | None, timeout: float,
                       guard: RegistryGuard | None = None,
                       reader: WhoisReader | None = None) -> Registration:
    """Ask ``server`` (or the TLD's server named by ``guard.root``, IANA's) about ``domain``.

    ``server`` and the root are the caller's and trusted; a server ``root`` refers us to is
    vetted by ``guard`` (default: private addresses refused) and a refusal is the
    registration's ``error`` (``whois: blocked: private address``), never an exception.

    One referral at most, by construction: the root's answer names the TLD's server, and that
    server's answer is the one read, whatever servers it names in turn (``Registrar WHOIS
    Server:``, a ``whois:`` line): every registry we fall back to gives the creation date
    itself, and a chain of referrals is a chain of hosts an answer chose. Each exchange is
    bounded by ``timeout`` and ``MAX_ANSWER`` bytes, and so is the reading of the answer by
    ``timeout`` (``reader``'s workers; one started for this look-up without).
    """
    guard = guard or RegistryGuard()
    vet = None if guard.allow_private else functools.partial(
        vetted_addresses, lookup=guard.resolve)
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return Registration(None, source="whois", error="whois: not a domain name")
    try:
        referred = server is None
        if server is None:
            referral = await whois_query(guard.root, domain.rsplit(".", 1)[-1], timeout)
            server = referred_server(referral)
            if server is None:
                return Registration(None, source="whois", error="whois: no server for TLD")
        text = await whois_query(server, _whois_query_text(domain), timeout,
                                 vet if referred else None)
    except FetchError as error:
        return Registration(None, source="whois", error=str(error))
    except TimeoutError:
        return Registration(None, source="whois", error="whois: timeout")
    except OSError:
        return Registration(None, source="whois", error="whois: connection failed")
    # In a worker process, off the event loop, and killed if it takes longer than an
    # exchange may: python-whois's regexes take hours over some answers (``whois_text``).
    return await read_answer(domain, text, timeout, reader)


# --------------------------------------------------------------------------- both


async def lookup(client: HttpClient, domain: str, bootstrap: Bootstrap,
                 whois_server: WhoisServer | None, timeout: float,
                 use_whois: bool = True, limiter: Limiter | None = None,
                 guard: RegistryGuard | None = None,
                 reader: WhoisReader | None = None) -> Registration:
    """RDAP where the bootstrap knows the TLD, WHOIS where it does not or RDAP had no date;
    stamped with the time it was observed.

    With a ``limiter``, each registry server gets the per-host limit like any web host
    (registries rate-limit hard: an RDAP server answers 429 to a burst). ``guard`` vets the
    servers an answer or the bootstrap names (default: private addresses refused). ``reader``
    reads WHOIS answers (``whois_text.WhoisReader``: the run's; else one for the look-up).
    """
    limiter = limiter or Limiter(1_000_000, 1_000_000)
    found = await _lookup(client, domain, bootstrap, whois_server, timeout, use_whois, limiter,
                          guard or RegistryGuard(), reader)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return dataclasses.replace(found, observed_at=now)


async def _lookup(client: HttpClient, domain: str, bootstrap: Bootstrap,
                  whois_server: WhoisServer | None, timeout: float,
                  use_whois: bool, limiter: Limiter, guard: RegistryGuard,
                  reader: WhoisReader | None = None) -> Registration:
    base = bootstrap.base_for(domain)
    rdap: Registration | None = None
    if base is not None:
        try:
            slot = limiter.slot(urlsplit(base).hostname or base)
            async with slot, asyncio.timeout(timeout):
                rdap = await rdap_lookup(client, domain, base, guard.allow_private)
        except TimeoutError:
            rdap = Registration(None, source="rdap", error="rdap: timeout")
        if rdap.created is not None or rdap.error == "rdap: not found":
            return rdap
    if not use_whois:
        return rdap or Registration(None, source="rdap", error="rdap: no server for TLD")
    async with limiter.slot(f"whois:{whois_server.host if whois_server else domain}"):
        whois = await whois_lookup(domain, whois_server, timeout, guard, reader)
    if whois.created is None and rdap is not None:
        return Registration(None, source="whois", error=f"{rdap.error}; {whois.error}")
    return whois


# --------------------------------------------------------------------------- refresh

IANA_BOOTSTRAP_URL = "https://data.iana.org/rdap/dns.json"
MAX_BOOTSTRAP = 4 * 1024 * 1024
DOWNLOAD_BUDGET = 3
"""``update-rdap``'s download takes at most this many ``--timeout``s in all (IANA's file is
tens of KB: one read)."""


def refresh_bootstrap(client: httpx.Client, url: str, destination: Path,
                      budget: float | None = None) -> Bootstrap:
    """Download IANA's RDAP bootstrap, check it, and replace ``destination`` atomically.

    The answer is read raw and inflated up to ``MAX_BOOTSTRAP``: a compressed bomb from the
    ``--url`` given costs that much memory at most. ``budget``: seconds the body may take
    in all (a trickling server is cut there, give or take one read's timeout).
    """
    deadline = None if budget is None else time.monotonic() + budget
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise FetchError(f"{url}: status {response.status_code}")
            body = read_limited_sync(response, MAX_BOOTSTRAP, deadline)
    except FAILURES as error:
        if isinstance(error, FetchError) and str(error).startswith(url):
            raise
        raise FetchError(f"{url}: {translate(error)} (check the connection or --proxy)"
                         ) from error
    if body.truncated:
        raise FetchError(f"{url}: answer too large for an RDAP bootstrap file")
    try:
        data = json.loads(body.data)
    except (ValueError, RecursionError) as error:
        raise FetchError(f"{url}: not JSON") from error
    bootstrap = Bootstrap.from_json(data)
    if not bootstrap.services:
        raise FetchError(f"{url}: no RDAP services in the answer")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_suffix(".partial")
        partial.write_bytes(body.data)
        partial.replace(destination)
    except OSError as error:
        raise FetchError(f"{destination}: cannot write ({error.strerror or error})") from error
    load_bootstrap.cache_clear()
    return bootstrap


def update_rdap_bootstrap(
    destination: Path | None = None,
    url: str = IANA_BOOTSTRAP_URL,
    *,
    proxy: str | None = None,
    timeout: float = 30.0,
) -> Bootstrap:
    """Refresh IANA's list of RDAP servers (``threadscope update-rdap``): download ``url``
    through ``proxy`` (else the proxy variables), check it, and write it to ``destination``
    (default: the user data directory, where ``load_bootstrap`` looks first).

    Raises ``UsageError`` for an unusable proxy, ``FetchError`` when the download fails."""
    with _download_client(proxy, timeout) as client:
        return refresh_bootstrap(client, url, destination or user_bootstrap_path(),
                                 DOWNLOAD_BUDGET * timeout)


def _download_client(proxy: str | None, timeout: float) -> httpx.Client:
    """A plain client for one download; ``proxy`` wins over the proxy variables."""
    try:
        # The proxy variables as enrichment reads them (a NO_PROXY entry httpx cannot parse
        # must not stop the download).
        context = httpx.create_ssl_context(trust_env=True)
        mounts: dict[str, httpx.BaseTransport | None] = {} if proxy else {
            pattern: None if url is None else httpx.HTTPTransport(proxy=url, verify=context)
            for pattern, url in environment_proxies().items()
        }
        return httpx.Client(proxy=proxy, mounts=mounts, trust_env=False, verify=context,
                            timeout=timeout, follow_redirects=True)
    except ImportError as error:
        raise UsageError("a SOCKS proxy needs the socks extra: pip install 'threadscope[socks]'"
                         ) from error
    except (ValueError, TypeError, httpx.InvalidURL) as error:
        raise UsageError(unusable_proxy(proxy or "the proxy variables")) from error
