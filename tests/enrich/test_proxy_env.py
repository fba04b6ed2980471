"""The proxy variables as users set them: real environment variables, the loopback proxy, and
a run as a user starts it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.enrich.helpers import name_only
from tests.support.server import LoopbackServer, TlsHosts
from tests.support.web import CLONE_URL, rdap_app
from threadscope.assessment.registry import load_registry
from threadscope.enrich import Bootstrap, EnrichSettings, enrich_stream
from threadscope.enrich.client import environment_proxies, hide_password, make_client, proxied
from threadscope.errors import UsageError
from threadscope.models import NetworkOptions

ROOT = Path(__file__).resolve().parents[2]
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
ODD_NO_PROXY = "[::1],fe80::1%eth0,::1,*.internal,.example.org,192.168.0.0/16,host:8080,,localhost"


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    yield monkeypatch


def _check(env: dict[str, str], *urls: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "threadscope", "check", *urls, "--format", "jsonl",
         "--no-cache", "--timeout", "5"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
    )


@pytest.mark.parametrize("no_proxy", ["[::1]", ODD_NO_PROXY])
def test_no_proxy_entries_httpx_cannot_parse_do_not_stop_the_run(
        fake_web: LoopbackServer, no_proxy: str) -> None:
    done = _check({"HTTP_PROXY": fake_web.url, "NO_PROXY": no_proxy}, "http://t.co/x")
    assert "unusable proxy URL" not in done.stderr
    assert done.returncode == 1, done.stderr
    [result] = [json.loads(line) for line in done.stdout.splitlines()]
    assert [hop["url"] for hop in result["chain"]] == ["http://t.co/x", "http://bit.ly/y",
                                                      CLONE_URL]
    assert result["verdict"] == "lookalike"


def test_no_proxy_alone_is_fine(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("NO_PROXY", "[::1]")
    make_client(NetworkOptions())  # used to raise "unusable proxy URL: None"


def test_no_proxy_entries_are_read_as_curl_reads_them(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("HTTP_PROXY", "proxy.example:3128")
    clean_env.setenv("NO_PROXY", ODD_NO_PROXY)
    mounts = environment_proxies()
    assert mounts["http://"] == "http://proxy.example:3128"
    assert mounts["all://[::1]"] is None
    assert mounts["all://[fe80::1]"] is None
    assert mounts["all://*.internal"] is None and mounts["all://*.example.org"] is None
    assert mounts["all://localhost"] is None
    clean_env.setenv("NO_PROXY", "welt.de,*")
    assert environment_proxies() == {}


def test_an_unusable_proxy_variable_is_named_without_its_password(
        clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("HTTPS_PROXY", "ftp://user:s3cret@proxy.example:21")
    with pytest.raises(UsageError, match="proxy variables") as raised:
        make_client(NetworkOptions())
    assert "s3cret" not in str(raised.value)
    assert hide_password("http://user:s3cret@proxy:1") == "http://user:***@proxy:1"


def test_http_proxy_without_https_proxy_sends_https_direct_and_keeps_results(
        fake_web: LoopbackServer, clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """HTTP_PROXY alone: http:// links go through the proxy, https:// look-ups (RDAP here)
    go direct, and the link keeps both its chain and its registration."""
    tls = TlsHosts()
    clean_env.setenv("SSL_CERT_FILE", tls.write_ca(str(tmp_path / "ca.pem")))
    clean_env.setenv("HTTP_PROXY", fake_web.url)
    with LoopbackServer(rdap_app, tls=tls, tls_as="127.0.0.1") as rdap:
        base = f"https://127.0.0.1:{rdap.port}/"
        settings = EnrichSettings(bootstrap=Bootstrap.from_json({"services": [[["ltd"], [base]]]}))
        options = NetworkOptions(timeout=5, use_cache=False, allow_private=True)
        assert proxied("http://welt.ltd/", options) and not proxied(base, options)
        [result] = enrich_stream([name_only("http://t.co/x")], options, load_registry(), None,
                                 settings)
        assert rdap.count("127.0.0.1", "/domain/welt.ltd") == 1  # asked directly, over TLS
    assert [hop.status for hop in result.chain] == [301, 302, 200]
    assert result.registration is not None
    assert result.registration.created == "2022-06-28T09:41:17Z"
    assert "young-domain" not in {r.code for r in result.reasons} or result.registration.created
