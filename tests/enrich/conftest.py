from __future__ import annotations

from tests.support.fixtures import (  # noqa: F401
    fake_web,
    rdap_server,
    trust_fake_web,
    whois_server,
)
