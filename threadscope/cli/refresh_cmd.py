"""``threadscope update-rdap``: refresh IANA's RDAP bootstrap file in the user data directory."""

from __future__ import annotations

from pathlib import Path

import click

from threadscope.enrich.registration import (
    IANA_BOOTSTRAP_URL,
    update_rdap_bootstrap,
    user_bootstrap_path,
)
from threadscope.errors import FetchError


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
        bootstrap = update_rdap_bootstrap(target, url, proxy=proxy, timeout=timeout)
    except FetchError as error:
        # It said only "https://data.iana.org/rdap/dns.json: dns failure": not what failed
        # for the user, nor that registration dates still work from the list in use.
        raise FetchError(f"the list of RDAP servers was not refreshed: {error}; registration "
                         f"look-ups keep the one they use ({_in_use()})") from error
    click.echo(f"{len(bootstrap.services)} top-level domains with RDAP servers, written to "
               f"{target}", err=True)


def _in_use() -> str:
    """Which bootstrap file registration look-ups read now (``load_bootstrap``), in words."""
    refreshed = user_bootstrap_path()
    if refreshed.is_file():
        return f"refreshed earlier, {refreshed}"
    return "the copy shipped with threadscope"
