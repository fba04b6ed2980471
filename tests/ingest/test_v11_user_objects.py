"""v1.1 user objects that show the account's latest tweet (``status``), and v1.1 photos.

Found walking tweepy's recorded v1.1 answers (``scripts/real_sets.py``) through ``thread``
and ``audit --offline``: 94 latest tweets inside ``users/show``, ``users/lookup`` and
``followers/list`` answers were skipped as records of no known shape, and a photo's t.co
(55 of the 69 links) was left a shortener no offline run follows, though the tweet says
where it leads. The records here are ours, in the API's shapes."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from threadscope.cli import cli
from threadscope.ingest import parse_dump


def _status(number: int, words: str, **fields: Any) -> dict[str, Any]:
    return {"created_at": "Mon Dec 21 23:11:04 +0000 2020", "id": number, "id_str": str(number),
            "text": words, "truncated": False,
            "entities": {"hashtags": [], "user_mentions": [], "urls": []}, **fields}


def _user(number: int, handle: str, status: dict[str, Any] | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": number, "id_str": str(number), "name": handle.title(),
                            "screen_name": handle, "created_at": "Wed Apr 01 10:00:00 +0000 2015",
                            "description": "Nachrichten aus der Region", "verified": False}
    if status is not None:
        user["status"] = status
    return user


LOOKALIKE = _status(1341000000000000001, "Die ganze Wahrheit: https://t.co/Ab12Cd34Ef", entities={
    "urls": [{"url": "https://t.co/Ab12Cd34Ef", "expanded_url": "https://welt.ltd/politik/a",
              "display_url": "welt.ltd/politik/a", "indices": [20, 43]}]})


def test_a_user_objects_latest_tweet_is_read_as_that_accounts_tweet() -> None:
    dump = parse_dump(json.dumps(_user(901, "kiesel_bote", LOOKALIKE)))
    assert dump.format == "x-archive" and dump.warnings == ()
    (post,) = dump.posts
    assert (post.author, post.author_id, post.post_id) == ("kiesel_bote", "901",
                                                           "1341000000000000001")
    assert post.urls == ("https://welt.ltd/politik/a",)


def test_a_page_of_followers_is_read_as_their_latest_tweets() -> None:
    page = {"users": [_user(901, "kiesel_bote", LOOKALIKE), _user(902, "stille_leserin", None),
                      _user(903, "sandkorn_7", _status(1341000000000000002, "Guten Morgen"))],
            "next_cursor": 0, "next_cursor_str": "0", "previous_cursor": 0}
    posts = parse_dump(json.dumps(page)).posts
    assert [(post.author, post.text) for post in posts] == [
        ("kiesel_bote", LOOKALIKE["text"]), ("sandkorn_7", "Guten Morgen")]


def test_a_user_without_a_tweet_and_a_tweet_are_not_taken_for_one_another() -> None:
    """A profile with no tweet stays a record of no known shape; a tweet that quotes one
    (its ``user`` holds no ``status``) is read as ever."""
    assert parse_dump(json.dumps(_user(902, "stille_leserin", None))).posts == ()
    tweet = LOOKALIKE | {"user": _user(901, "kiesel_bote", None)}
    (post,) = parse_dump(json.dumps(tweet)).posts
    assert post.author == "kiesel_bote"


def test_a_photos_tco_is_tied_to_the_tweets_own_media_page() -> None:
    media = [{"id_str": "77", "url": "https://t.co/Ph0t0Lnk12",
              "display_url": "pic.twitter.com/Ph0t0Lnk12",
              "expanded_url": "https://twitter.com/kiesel_bote/status/1341000000000000003/photo/1",
              "type": "photo", "indices": [14, 37]}]
    tweet = _status(1341000000000000003, "Seht selbst: https://t.co/Ph0t0Lnk12",
                    entities={"urls": [], "media": media}, extended_entities={"media": media},
                    user=_user(901, "kiesel_bote", None))
    (post,) = parse_dump(json.dumps(tweet)).posts
    assert post.urls == ("https://twitter.com/kiesel_bote/status/1341000000000000003/photo/1",)
    result = CliRunner().invoke(cli, ["audit", "-", "--offline", "--format", "json"],
                                input=json.dumps(tweet))
    links = {link["url"]: link for link in json.loads(result.stdout)["links"]}
    short = links["https://t.co/Ph0t0Lnk12"]
    assert list(links)[short["expands_to"]] == media[0]["expanded_url"]
