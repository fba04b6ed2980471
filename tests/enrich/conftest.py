from __future__ import annotations

from tests.support.fixtures import fake_web, rdap_server, whois_server  # noqa: F401
