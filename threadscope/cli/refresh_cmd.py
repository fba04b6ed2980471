"""``threadscope update-rdap``: refresh IANA's RDAP bootstrap file in the user data directory."""

from __future__ import annotations

from pathlib import Path

import click
import httpx

from threadscope.enrich.client import environment_proxies, unusable_proxy
from threadscope.enrich.registration import (
    IANA_BOOTSTRAP_URL,
    refresh_bootstrap,
    user_bootstrap_path,
)
from threadscope.errors import UsageError


@click.command(
    "update-rdap", short_help="Refresh IANA's list of RDAP servers (registration dates)."
)
@click.option("--url", default=IANA_BOOTSTRAP_URL, show_default=True,
              help="Where to download the bootstrap file from.")
@click.option("--to", "destination", type=click.Path(dir_okay=False), default=None,
              help="Write here instead of the user data directory.")
@click.option("--proxy", default=None, metavar="URL", help="Download through this proxy.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds for the download.")
def update_rdap(url: str, destination: str | None, proxy: str | None, timeout: float) -> None:
    """Refresh the list of RDAP servers by top-level domain (IANA's dns.json).

    The shipped copy is used until a refreshed one exists.

    \b
    threadscope update-rdap
    """
    target = Path(destination) if destination else user_bootstrap_path()
    try:
        # The proxy variables as enrichment reads them (a NO_PROXY entry httpx cannot parse
        # must not stop the download); --proxy wins over them.
        context = httpx.create_ssl_context(trust_env=True)
        mounts: dict[str, httpx.BaseTransport | None] = {} if proxy else {
            pattern: None if url is None else httpx.HTTPTransport(proxy=url, verify=context)
            for pattern, url in environment_proxies().items()
        }
        client = httpx.Client(proxy=proxy, mounts=mounts, trust_env=False, verify=context,
                              timeout=timeout, follow_redirects=True)
    except ImportError as error:
        raise UsageError("a SOCKS proxy needs the socks extra: pip install 'threadscope[socks]'"
                         ) from error
    except (ValueError, TypeError, httpx.InvalidURL) as error:
        raise UsageError(unusable_proxy(proxy or "the proxy variables")) from error
    with client:
        bootstrap = refresh_bootstrap(client, url, target)
    click.echo(f"{len(bootstrap.services)} top-level domains with RDAP servers, written to "
               f"{target}", err=True)
