"""The YouTube Data API v3's comment answers: the fixtures follow ``youtube.v3.json`` as
google-api-python-client 2.202.0 ships it (``CommentThreadListResponse``, ``CommentThread``,
``Comment``, ``CommentSnippet``); the comments, channels and links are made up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.models import AuthorKind, YoutubeIds
from threadscope.threads import reassemble

ROOT = Path(__file__).resolve().parents[2]
THREADS = ROOT / "fixtures" / "threads" / "youtube_api_comment_threads.json"
CROWD = ROOT / "fixtures" / "bots" / "youtube_api_comment_threads.jsonl"
TOP = "UgzKiesel7Top0001AaBbCc4AaABAg"


def test_the_channels_self_replies_are_a_thread() -> None:
    result = reassemble(THREADS.read_text("utf-8"))
    assert result.format == "youtube"
    (thread,) = result.threads
    assert thread.author == "KieselKanal" and thread.total == 3 and not thread.missing
    assert thread.posts[0].post_id == TOP
    assert {p.reply_to for p in thread.posts[1:]} == {TOP}
    assert result.warnings == (
        "YouTube API: 2 repl(ies) counted in totalReplyCount not in the answer",)


def test_the_video_and_the_channels_are_kept_beside_the_thread() -> None:
    """The video and its channel tell whose comments are the owner's (``bots``); they are not
    the conversation: one video's comment threads stay threads of their own."""
    posts = parse_dump(THREADS.read_text("utf-8")).posts
    video, channel = "kQ7r2Xb9pLw", "UCkiesel0Kanal1AaBbCcDd"
    assert posts[0].youtube == YoutubeIds(video, channel, channel)  # the channel's own
    assert posts[2].youtube == YoutubeIds(video, channel, "UCsandkorn7Xy1Zz2Ww3Vv4")
    assert {p.youtube.video for p in posts if p.youtube} == {video}
    assert {p.conversation_id for p in posts} == {None}


def test_a_comment_that_says_no_video_or_channel_says_so() -> None:
    comment = {"kind": "youtube#comment", "id": "c1", "snippet": {
        "authorDisplayName": "@anna", "textOriginal": "x", "videoId": "", "channelId": ["UC"]}}
    (post,) = parse_dump(json.dumps(comment)).posts
    assert post.youtube == YoutubeIds()


def test_times_edits_names_and_html_text() -> None:
    posts = parse_dump(THREADS.read_text("utf-8")).posts
    assert posts[0].created_at == "2024-04-05T09:00:00Z" and posts[0].edited_at is None
    assert posts[1].edited_at == "2024-04-06T11:30:00Z"  # updatedAt later than publishedAt
    assert posts[0].display_name == "@KieselKanal"
    html = posts[4]
    assert html.text == "Gute Zusammenfassung, siehe kiesel-amt.de/bericht\nDanke & Gruß"
    assert html.urls == ("https://kiesel-amt.de/bericht",)
    # two channels showing one name are two accounts
    assert [posts[4].author, posts[5].author] == [
        "Anna Schmidt (UCannaOne0aaaaaaaaaaaaaa)", "Anna Schmidt (UCannaTwo0bbbbbbbbbbbbbb)"]


def test_pages_one_a_line_stream_and_comments_list_answers() -> None:
    stream = open_replies(str(CROWD))
    posts = list(stream)
    assert stream.format == "youtube" and len(posts) == 18
    assert posts[1].author == "MariaSchulz83651" and posts[1].reply_to == posts[0].post_id
    page = json.loads(CROWD.read_text("utf-8").splitlines()[0])
    replies = page["items"][0]["replies"]["comments"]
    answer = {"kind": "youtube#commentListResponse", "items": replies}
    dump = parse_dump(json.dumps(answer))
    assert dump.format == "youtube" and len(dump.posts) == 5
    assert {p.reply_to for p in dump.posts} == {page["items"][0]["id"]}


def test_hostile_values_warn_and_never_raise() -> None:
    values = [
        {"kind": "youtube#commentThreadListResponse", "items": [
            {"kind": "youtube#commentThread", "snippet": {
                "topLevelComment": {"kind": "youtube#comment", "id": 5, "snippet": {
                    "authorDisplayName": ["x"], "authorChannelId": "UC",
                    "textDisplay": "<a href=\"x" + "<" * 100_000, "publishedAt": 5,
                    "updatedAt": "2030-01-01T00:00:00Z", "parentId": 7}},
                "totalReplyCount": "9"}, "replies": {"comments": "x"}},
            5, {"kind": "youtube#commentThread", "snippet": []}, {"kind": "youtube#comment"}]},
        {"kind": "youtube#commentListResponse", "items": "none"},
        {"kind": "youtube#comment", "id": "a.b", "snippet": {
            "textOriginal": "<b>", "authorDisplayName": "@", "publishedAt": "2024-13-45T99:00:00Z",
            "updatedAt": "garbage"}},
    ]
    dump = parse_dump("\n".join(json.dumps(v) for v in values))
    assert dump.format == "youtube"
    assert [(p.post_id, p.author, p.reply_to, p.created_at) for p in dump.posts] == [
        ("5", None, "7", None), ("a.b", None, "a", None)]
    assert dump.warnings == ("YouTube API: 2 record(s) that are not comments skipped",)


def test_bots_finds_the_crowd() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "bots", str(CROWD), "--offline", "--format", "json"],
        capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["clusters"][0]["verdict"] == "coordinated"
    assert len(report["clusters"][0]["accounts"]) == 5


def test_replies_without_their_top_comment_are_no_lost_threads() -> None:
    page = json.loads(CROWD.read_text("utf-8").splitlines()[0])
    answer = {"kind": "youtube#commentListResponse",
              "items": page["items"][0]["replies"]["comments"]}
    assert reassemble(json.dumps(answer)).threads == ()


def test_an_anchor_left_open_with_many_attributes_is_read_in_linear_time() -> None:
    """``textDisplay`` of ``<a`` and 60,000 ``href`` attributes, never closed: one lazy
    pattern over the tag took 15 s at 32,000 (this size, about a minute)."""
    comment = {"kind": "youtube#comment", "id": "Ug1",
               "snippet": {"authorDisplayName": "@leser", "publishedAt": "2024-05-01T10:00:00Z",
                           "textDisplay": "<a " + 'href="https://x.example/" ' * 60_000}}
    page = {"kind": "youtube#commentListResponse", "items": [comment]}
    (post,) = parse_dump(json.dumps(page)).posts
    assert post.urls == ()


NAMESAKES = ROOT / "fixtures" / "bots" / "youtube_api_namesakes.jsonl"
"""Three ``commentThreadListResponse`` pages one a line: channel UCanna0first shows the name
``@anna`` on page 1, UCanna0second on page 3, where UCanna0first also answers its own top
comment of page 1."""


def test_two_channels_of_one_name_on_different_pages_are_two_accounts() -> None:
    dump = parse_dump(NAMESAKES.read_text("utf-8"))
    authors = [p.author for p in dump.posts]
    assert authors.count("anna (UCanna0first0aaaaaaaaaaa)") == 2
    assert authors.count("anna (UCanna0second0bbbbbbbbbb)") == 1
    assert "anna" not in authors
    kinds = {p.author_kind for p in dump.posts if (p.author or "").startswith("anna (")}
    assert kinds == {AuthorKind.NAME}  # two channels show it: a name, however written


def test_streamed_pages_give_the_names_and_answered_authors_of_the_whole_file() -> None:
    stream = open_replies(str(NAMESAKES))
    streamed = list(stream)
    whole = parse_dump(NAMESAKES.read_text("utf-8"))
    assert [(p.post_id, p.author, p.author_kind, p.reply_to_author) for p in streamed] == [
        (p.post_id, p.author, p.author_kind, p.reply_to_author) for p in whole.posts]
    late = streamed[-1]  # page 3 answers a top comment of page 1
    assert late.reply_to_author == "anna (UCanna0first0aaaaaaaaaaa)"


def test_a_videos_list_answer_beside_the_comments_is_read_into_the_context() -> None:
    # No comment resource holds when its video was published; a videos.list page does.
    dump = parse_dump((ROOT / "fixtures" / "bots" / "youtube_api_two_videos_published.jsonl")
                      .read_text("utf-8"))
    assert dump.format == "youtube" and len(dump.posts) == 5
    assert [(p.post_id, p.created_at, p.author, p.youtube) for p in dump.context] == [
        ("vidOld2020aa", "2020-03-01T09:18:00Z", "Kanal Alt",
         YoutubeIds("vidOld2020aa", "UCchannelOld0000000000aa", "UCchannelOld0000000000aa")),
        ("vidNew2024bb", "2024-06-10T18:00:00Z", "Kanal Neu",
         YoutubeIds("vidNew2024bb", "UCchannelNew0000000000bb", "UCchannelNew0000000000bb")),
    ]
    assert dump.warnings == ()
