"""The machine-made handle signal reads handles only: a Telegram discussion group whose
senders' display names are a name plus a birthday (``Heike19640312``, ``Gerd_110956``) thank
the channel within minutes of its post in much the same words. The display names are what
the people typed, not what a sign-up form proposed: no account's evidence, no cluster's, and
not a trait that lets alike texts join. The same replies by X handles of that shape are."""

from __future__ import annotations

from dataclasses import replace

from tests.bots.conftest import FIXTURES
from threadscope.bots import detect
from threadscope.ingest.replies import open_replies
from threadscope.models import AuthorKind, BotReport, ClusterVerdict, Platform, Post

BIRTHDAYS = FIXTURES / "telegram_birthday_names.json"
THANKFUL = {"Heike19640312", "Gerd_110956", "Moni_19580707", "Kalle_280665", "Susi_240371"}


def _posts() -> list[Post]:
    return list(open_replies(str(BIRTHDAYS)))


def _codes(report: BotReport) -> set[str]:
    return ({r.code for c in report.clusters for r in c.reasons}
            | {r.code for a in report.accounts for r in a.reasons})


def test_the_fixture_names_its_senders_by_display_name() -> None:
    kinds = {p.author: p.author_kind for p in _posts()}
    assert {kinds[name] for name in THANKFUL} == {AuthorKind.NAME}


def test_display_names_with_a_birthday_are_no_machine_handles_and_flag_no_one() -> None:
    report = detect(_posts())
    assert not {"machine-handle", "machine-handles"} & _codes(report)
    assert not report.flagged
    by_name = {a.handle: a for a in report.accounts}
    assert {r.code for name in THANKFUL for r in by_name[name].reasons} == {"fast-reply"}


def test_the_same_replies_by_handles_of_that_shape_are_machine_handles() -> None:
    """Where the names are X handles (``@Heike19640312``), the shape is the sign-up form's
    and counts, as it always has: it is the kind, not the text, that changed."""
    posts = [replace(p, author_kind=AuthorKind.HANDLE, platform=Platform.X)
             if p.author in THANKFUL else p for p in _posts()]
    report = detect(posts)
    [cluster] = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
    assert set(cluster.accounts) == THANKFUL
    assert "machine-handles" in {r.code for r in cluster.reasons}
    by_name = {a.handle: a for a in report.accounts}
    assert all("machine-handle" in {r.code for r in by_name[name].reasons} for name in THANKFUL)
