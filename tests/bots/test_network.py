"""Links followed over the (loopback) network: different short links, one clone behind them."""

from __future__ import annotations

from urllib.parse import quote

from tests.bots.conftest import reply
from tests.support.server import LoopbackServer
from threadscope.assessment import assess, load_registry
from threadscope.bots import detect
from threadscope.bots.links import dubious, shortened
from threadscope.models import ClusterVerdict, NetworkOptions

REPLIES = [
    reply(0, "MariaSchulz83651", "Unbedingt lesen! http://t.co/x"),
    reply(1, "lena_liest", "Guten Morgen aus Kiel, schöne Woche allen"),
    reply(2, "HeinzWeber60412877", "Das sollte jeder lesen: http://bit.ly/y"),
    reply(3, "PaulRoth1234567", "Schaut euch das an http://meta-refresh.net/"),
]


def test_offline_the_short_links_stay_apart() -> None:
    assert detect(REPLIES).clusters == ()


def test_followed_links_join_the_accounts_behind_one_clone(fake_web: LoopbackServer) -> None:
    options = NetworkOptions(proxy=fake_web.url, timeout=3, deadline=60, use_cache=False)
    report = detect(REPLIES, network=options)
    (cluster,) = report.clusters
    assert cluster.accounts == ("MariaSchulz83651", "HeinzWeber60412877", "PaulRoth1234567")
    assert cluster.verdict is ClusterVerdict.COORDINATED
    assert "welt.de" in cluster.imitates
    assert any(link.final_url and "welt.ltd" in link.final_url for link in report.links)


def _wrapped(url: str) -> str:
    return "http://l.facebook.com/l.php?u=" + quote(url, safe="")


WRAPPED = [
    reply(0, "MariaSchulz83651", "Unbedingt lesen! " + _wrapped("http://welt.ltd/a")),
    reply(1, "HeinzWeber60412877", "Das sollte jeder lesen: " + _wrapped("http://welt.ltd/b")),
    reply(2, "PaulRoth1234567", "Schaut euch das an " + _wrapped("http://welt.ltd/c")),
]


def test_a_wrapper_naming_its_destination_is_no_shortener_offline_or_online(
    fake_web: LoopbackServer,
) -> None:
    """``l.facebook.com/l.php?u=…`` names where it leads: no account hides its link behind
    it (it was counted as a shortener, as ``assess`` no longer does), while a bare
    ``l.facebook.com`` link still is one. The clone it names joins the accounts."""
    registry = load_registry(None)
    assert not shortened(assess(_wrapped("http://welt.ltd/a"), registry))
    assert shortened(assess("http://l.facebook.com/", registry))
    offline = detect(WRAPPED)
    options = NetworkOptions(proxy=fake_web.url, timeout=3, deadline=60, use_cache=False)
    online = detect(WRAPPED, network=options)
    for report in (offline, online):
        (cluster,) = report.clusters
        assert len(cluster.accounts) == 3
        assert not any("behind shorteners" in reason.detail for reason in cluster.reasons)
    wrappers = [a for a in online.links if a.domain == "l.facebook.com"]
    assert len(wrappers) == 3 and all(a.final_url and "welt.ltd" in a.final_url
                                      for a in wrappers)
    assert all(dubious(a) and not shortened(a) for a in wrappers)  # flagged by where it lands
