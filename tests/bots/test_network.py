"""Links followed over the (loopback) network: different short links, one clone behind them."""

from __future__ import annotations

from tests.bots.conftest import reply
from tests.support.server import LoopbackServer
from threadscope.bots import detect
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
