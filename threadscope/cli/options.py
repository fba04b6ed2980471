"""Click options shared by several commands, defined once (as sqlite-utils does)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from threadscope.cli.output import refuse_cache_onto_input
from threadscope.models import NetworkOptions
from threadscope.report import Format

if TYPE_CHECKING:
    from threadscope.auditor import LinkAuditor

F = TypeVar("F", bound=Callable[..., Any])


def format_option(*choices: Format) -> Callable[[F], F]:
    """``--format``, limited to what fits the command; an unknown value is a usage error. The
    command receives a ``Format``."""
    names = [choice.value for choice in choices]
    names += [alias for alias, fmt in FORMAT_ALIASES.items() if fmt in choices]
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(names),
        default=Format.TABLE.value,
        show_default=True,
        callback=_to_format,
        help="Output format" + (" (md is markdown)." if "md" in names else "."),
    )


FORMAT_ALIASES = {"md": Format.MARKDOWN}
"""Other names a reader types for a format: ``md``, the files' extension, was refused with a
usage error that named ``markdown``."""


def _to_format(ctx: click.Context, param: click.Parameter, value: str) -> Format:
    return FORMAT_ALIASES.get(value) or Format(value)


def _dash_is_stdout(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``-o -`` is standard output, as for every Unix tool, not a file named ``-``."""
    return None if value == "-" else value


def output_options(func: F) -> F:
    func = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True, allow_dash=True),
        default=None,
        callback=_dash_is_stdout,
        help="Write the result to FILE instead of standard output (`-`: standard output).",
    )(func)
    return func


def column_option(func: F) -> F:
    """``--column KEY=NAME`` (repeatable): the CSV columns ``bots``, ``thread`` and ``audit``
    read, one syntax for the three (``csv_input.parse_column_options`` checks it). The
    command receives the pairs as given, ``columns: tuple[str, ...]``."""
    return click.option(
        "--column",
        "columns",
        multiple=True,
        metavar="KEY=NAME",
        help="CSV column for author, text, created_at, urls, reply_to, repost_of, … "
        "(repeatable).",
    )(func)


def offline_option(func: F) -> F:
    return click.option(
        "--offline",
        is_flag=True,
        help="No network at all: judge from the names alone.",
    )(func)


def brands_option(func: F) -> F:
    """--brands FILE; a report that would be written onto FILE (``-o`` naming it, or standard
    output sent to it) is refused before FILE is read: it replaced the researcher's list."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("brands_file") is not None:
            from threadscope.cli.output import refuse_output_onto_input

            refuse_output_onto_input(kwargs["brands_file"], kwargs.get("output"),
                                     "the --brands file")
        return func(*args, **kwargs)

    return cast(F, click.option(
        "--brands",
        "brands_file",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Extra protected brands: 'domain' or 'Brand name<TAB>domain1,domain2' per line.",
    )(command))


def explain_option(func: F) -> F:
    return click.option(
        "--explain",
        is_flag=True,
        help="Tables: every reason under each link, with its points (not only the top one); "
        "audit (table, markdown, html): the text in no thread whole (else its first lines and "
        "the lines with links).",
    )(func)


DEFAULTS = NetworkOptions()
"""The defaults of the network options are NetworkOptions' own: one set, for CLI and library."""


def network_options(func: F) -> F:
    """--timeout, --concurrency, --per-host, --deadline, --proxy, --allow-private, --cache,
    --no-cache, --user-agent.

    The command receives them as one ``network: NetworkOptions | None`` keyword, None when
    ``--offline`` was given, so no command handles the options one by one.
    """

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        source = _input_of(kwargs)
        if source is not None:
            refuse_cache_onto_input(source, kwargs["cache_path"])
        if kwargs.get("brands_file") is not None:
            refuse_cache_onto_input(kwargs["brands_file"], kwargs["cache_path"],
                                    "the --brands file")
        settings = network_settings(**{name: kwargs.pop(name) for name in _NETWORK_PARAMS})
        kwargs["network"] = None if kwargs.get("offline") else settings
        if kwargs["network"] is not None and settings.use_cache:
            # Imported here: an offline run needs neither (the cache module loads platformdirs).
            from threadscope.cli.output import refuse_report_onto_cache
            from threadscope.enrich.cache import default_path as default_cache_path

            refuse_report_onto_cache(str(settings.cache_path or default_cache_path()),
                                     kwargs.get("output"))
        return func(*args, **kwargs)

    decorators = [
        click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULTS.timeout,
                     show_default=True, help="Seconds per network request."),
        click.option("--concurrency", type=click.IntRange(min=1, max=512),
                     default=DEFAULTS.concurrency, show_default=True,
                     help="Network requests in flight in total."),
        click.option("--per-host", type=click.IntRange(min=1, max=512), default=None,
                     metavar="N", help="Requests in flight to any one host "
                     "[default: a quarter of --concurrency, at least 4]."),
        click.option("--deadline", type=click.FloatRange(min=1), default=DEFAULTS.deadline,
                     show_default=True, help="Seconds for all network work of the run."),
        click.option("--proxy", default=None, metavar="URL",
                     help="Route every request through this proxy (http://, socks5://)."),
        click.option("--allow-private", is_flag=True,
                     help="Permit requests to loopback, private and reserved addresses."),
        click.option("--cache", "cache_path", type=click.Path(dir_okay=False), default=None,
                     help="SQLite cache file (default: in the user cache directory)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--user-agent", default=DEFAULT_USER_AGENT, show_default=True,
                     envvar="THREADSCOPE_USER_AGENT", callback=_header_value,
                     help="User-Agent sent with every request (or THREADSCOPE_USER_AGENT); "
                          "a desktop Chrome's by default, as clones show crawlers a clean "
                          "page."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return cast(F, command)


def _input_of(kwargs: dict[str, Any]) -> str | None:
    """The file a command reads: its FILE argument, else standard input (``check`` with no
    TARGET, or ``-``); None when it reads none (``check`` of TARGETs given)."""
    file = kwargs.get("file")
    if isinstance(file, str):
        return file
    return "-" if kwargs.get("targets") in (None, (), ("-",)) else None


_NETWORK_PARAMS = (
    "timeout", "concurrency", "per_host", "deadline", "proxy", "allow_private", "cache_path",
    "no_cache", "user_agent",
)
DEFAULT_USER_AGENT = DEFAULTS.user_agent


def _header_value(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Printable ASCII only: a newline in a header would let the value write headers of its own."""
    text = value.strip()
    if not text or not text.isascii() or not text.isprintable():
        raise click.BadParameter("printable ASCII characters only, and not empty")
    return text


def network_settings(
    timeout: float = DEFAULTS.timeout,
    concurrency: int = DEFAULTS.concurrency,
    deadline: float | None = DEFAULTS.deadline,
    proxy: str | None = None,
    allow_private: bool = False,
    cache_path: str | None = None,
    no_cache: bool = False,
    user_agent: str = DEFAULT_USER_AGENT,
    per_host: int | None = None,
) -> NetworkOptions:
    return NetworkOptions(
        timeout=timeout,
        concurrency=concurrency,
        per_host=per_host,
        deadline=deadline,
        proxy=proxy,
        allow_private=allow_private,
        cache_path=Path(cache_path) if cache_path else None,
        use_cache=not no_cache,
        user_agent=user_agent,
    )


def link_auditor(brands_file: str | None, network: NetworkOptions | None) -> LinkAuditor:
    """What a command assesses its links with: the built-in brands plus ``--brands``, and the
    network (None: ``--offline``)."""
    # Imported here: ``thread`` and ``--version`` need no brand registry.
    from threadscope.assessment.registry import load_registry
    from threadscope.auditor import LinkAuditor

    registry = load_registry(Path(brands_file) if brands_file else None)
    return LinkAuditor.from_options(registry, network)
