from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bots.conftest import FIXTURES
from threadscope.bots import read_replies
from threadscope.bots.read import read_dump, renumber, replies_from_posts
from threadscope.errors import InputError
from threadscope.models import Post, Reply


def test_csv_is_recognised_by_content() -> None:
    replies = read_replies((FIXTURES / "replies.csv").read_text("utf-8"))
    assert len(replies) == 14
    assert replies[2].author == "SabineHoffmann40517"
    assert replies[2].urls == ("https://welt.ltd/politik/foerderung-8812",)
    assert replies[2].author_created_at == "2024-03-06T02:14:09Z"
    assert [r.index for r in replies] == list(range(14))


def test_columns_override() -> None:
    text = "who,said\nMariaSchulz83651,hallo welt\n"
    replies = read_replies(text, columns={"author": "who", "text": "said"})
    assert replies == (Reply(0, "MariaSchulz83651", "hallo welt"),)


def test_empty_input_is_an_input_error() -> None:
    with pytest.raises(InputError):
        read_replies("  \n")


def test_csv_without_text_column_says_so() -> None:
    with pytest.raises(InputError, match="text column"):
        read_replies("author,likes\nx,1\n")


def test_prose_is_no_reply_dump() -> None:
    with pytest.raises(InputError, match="no replies found"):
        read_replies("Das ist einfach ein Absatz Text ohne Antworten.\nNoch eine Zeile.")


def test_x_web_copy_keeps_handles_and_drops_counters() -> None:
    dump = read_dump((FIXTURES / "replies_x_web.txt").read_text("utf-8"))
    assert dump.format == "x-web"
    assert [r.author for r in dump.replies][:3] == [
        "BMin_Vogt_Digital", "jens_albrecht", "GretaOlsen_Kiel"]
    assert dump.replies[1].text == "Danke!"


def test_x_api_v2_carries_account_creation() -> None:
    dump = read_dump((FIXTURES / "replies_x_api_v2.json").read_text("utf-8"))
    bot = next(r for r in dump.replies if r.author == "JamesMiller40511286")
    assert bot.author_created_at is not None and bot.author_created_at.startswith("2024-03-09")
    assert bot.urls == ("https://washingtonpost.pm/world/2024/03/15/sanctions",)


def test_posts_become_replies() -> None:
    posts = [Post("hi", 1, author="a", post_id="1"), Post("yo", 2, author="b", reply_to="1")]
    replies = replies_from_posts(posts)
    assert [(r.index, r.author, r.reply_to) for r in replies] == [(0, "a", None), (1, "b", "1")]


def test_renumber() -> None:
    assert [r.index for r in renumber([Reply(7, "a", "x"), Reply(3, "b", "y")])] == [0, 1]


@pytest.mark.parametrize(
    ("name", "bots"),
    [
        ("replies_x_web.txt", {"SabineHoffmann40517", "ThomasBrandt7730182",
                               "PetraLange92016634", "KlausNeumann558201",
                               "UrsulaBerger31066247"}),
        ("replies_x_api_v2.json", {"JamesMiller40511286", "SarahTaylor9920413",
                                   "robert_brown_77", "EmmaSmith66120934"}),
    ],
)
def test_dump_fixtures(name: str, bots: set[str]) -> None:
    from threadscope.bots import detect

    report = detect(read_replies((FIXTURES / name).read_text("utf-8")))
    flagged = {a for c in report.clusters if c.verdict.value == "coordinated" for a in c.accounts}
    assert flagged == bots


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_hostile_text_gives_replies_or_input_error(text: str) -> None:
    try:
        replies = read_replies(text)
    except InputError:
        return
    assert all(isinstance(r, Reply) for r in replies)
