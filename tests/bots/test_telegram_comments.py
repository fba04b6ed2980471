"""A coordinated set of comments under a Telegram channel post, in its discussion group
(a Telegram Desktop export of the group): seven accounts post the same two sentences
within 80 seconds, the look-alike link hidden behind other words (a ``text_link``)."""

from __future__ import annotations

from tests.bots.conftest import FIXTURES
from threadscope.bots import detect
from threadscope.ingest.replies import open_replies
from threadscope.models import BotReport, ClusterVerdict

TEAM = {"Marta Vogel (user6701234501)", "Jens Bauer", "Sabine Kraus", "Uwe Lehmann",
        "Petra Schulz", "Dieter Wolf", "Karin Franke"}


def _report() -> BotReport:
    stream = open_replies(str(FIXTURES / "telegram_discussion_comments.json"))
    return detect(stream, source=stream.source, context=stream.context,
                  warnings=stream.warnings)


def test_the_team_under_the_channel_post_is_one_coordinated_cluster() -> None:
    report = _report()
    coordinated = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
    assert [set(c.accounts) for c in coordinated] == [TEAM]
    assert coordinated[0].imitates == ("spiegel.de",)


def test_the_hidden_link_is_assessed_and_the_namesake_is_not_in_the_team() -> None:
    report = _report()
    assert any(link.registrable_domain == "spiegel.pm" for link in report.links)
    flagged = {a for c in report.clusters for a in c.accounts}
    assert "Marta Vogel (user5099887766)" not in flagged
    assert "Klartext Monitor" not in {a.handle for a in report.accounts}  # the post itself


def test_the_team_is_told_apart_from_a_namesake_in_another_chat_a_line_apart() -> None:
    """The account's export a chat a line: the other Marta Vogel writes in a neighbourhood
    group two lines before the discussion group, and the team's Marta is still hers alone."""
    stream = open_replies(str(FIXTURES / "telegram_desktop_chats.jsonl"))
    report = detect(stream, source=stream.source, context=stream.context,
                    warnings=stream.warnings)
    coordinated = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
    [cluster] = coordinated  # not the channel, whose own post quotes the link it warns of
    assert set(cluster.accounts) == TEAM
    assert "Marta Vogel (user5099887766)" not in {a for c in report.clusters for a in c.accounts}
