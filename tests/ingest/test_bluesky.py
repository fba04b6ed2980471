from __future__ import annotations

import json
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.bluesky import api_name, author_labels, facet_links, facet_text
from threadscope.links import post_links
from threadscope.models import Link, PostKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def test_tree_gaps_facets_and_card() -> None:
    dump = parse_dump((FIXTURES / "bluesky_thread.json").read_text("utf-8"))
    assert [p.text[-3:] for p in dump.context] == ["3/5", "4/5"]  # parent, then the anchor
    assert [p.author for p in dump.posts] == ["mira.bsky.social", "tom.example.org"]
    assert len(dump.gaps) == 2 and dump.gaps[0].endswith("/3kq2")
    anchor = dump.context[1]
    assert anchor.urls == ("https://faz.net-aktuell.com/politik/wahl-2024",)
    assert anchor.card_title == "FAZ.NET - Aktuelle Nachrichten"
    assert anchor.reply_to == dump.context[0].post_id
    assert dump.warnings == ("Bluesky: 2 post(s) deleted or blocked",)


def test_facet_offsets_are_utf8_bytes() -> None:
    body = "🔎 Quelle: zeit.de/x"
    start = len("🔎 Quelle: ".encode())
    assert facet_text(body, start, start + len(b"zeit.de/x")) == "zeit.de/x"
    record = {"facets": [
        {"index": {"byteStart": start, "byteEnd": start + 9},
         "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://zeit.de/x"}]},
        {"index": {"byteStart": 0, "byteEnd": 999},  # beyond the text: ignored
         "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://evil.example"}]},
    ]}
    assert facet_links(body, record) == ["https://zeit.de/x"]


def test_lone_surrogate_from_a_json_escape_counts_as_three_bytes() -> None:
    feed = {"feed": [{"post": {
        "uri": "at://did:plc:a/app.bsky.feed.post/1", "author": {"handle": "a.bsky.social"},
        "record": {"text": "\ud800 welt.ltd", "facets": [
            {"index": {"byteStart": 4, "byteEnd": 12},
             "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://welt.ltd"}]},
        ]},
    }}]}
    dump = parse_dump(json.dumps(feed))  # ensure_ascii: the surrogate stays a \ud800 escape
    assert [p.urls for p in dump.posts] == [("https://welt.ltd",)]
    assert facet_text("\ud800 welt.ltd", 4, 12) == "welt.ltd"


def test_replies_depth_first_in_api_order() -> None:
    def node(uri: str, *replies: dict[str, object]) -> dict[str, object]:
        return {"$type": "app.bsky.feed.defs#threadViewPost",
                "post": {"uri": uri, "record": {"text": uri}}, "replies": list(replies)}

    deep = node("d0")
    for depth in range(1, 400):
        deep = node(f"d{depth}", deep)
    tree = node("top", node("a", node("a1")), node("b"), deep)
    dump = parse_dump(json.dumps({"thread": tree}))
    assert [p.text for p in dump.posts][:4] == ["a", "a1", "b", "d399"]
    assert len(dump.posts) == 403 and dump.posts[-1].text == "d0"


def deep_thread(depth: int) -> str:
    """A getPostThread answer whose replies each answer the one before, ``depth`` deep: as
    JSON text, since ``json.dumps`` cannot write it past the recursion limit either."""
    def view(i: int) -> str:
        reply = (f', "reply": {{"root": {{"uri": "at://did:plc:a/app.bsky.feed.post/0"}}, '
                 f'"parent": {{"uri": "at://did:plc:{"ab"[i % 2]}/app.bsky.feed.post/{i - 1}"}}}}'
                 if i else "")
        who = "ba"[i % 2]
        return (f'{{"uri": "at://did:plc:{who}/app.bsky.feed.post/{i}", '
                f'"author": {{"did": "did:plc:{who}", "handle": "{who}.bsky.social"}}, '
                f'"record": {{"text": "reply {i}", "createdAt": "2024-05-01T10:00:00Z"{reply}}}}}')
    opened = "".join(f'{{"post": {view(i)}, "replies": [' for i in range(depth + 1))
    return '{"thread": ' + opened + "]}" * (depth + 1) + "}"


def test_a_thread_deeper_than_the_recursion_limit_is_read_whole() -> None:
    dump = parse_dump(deep_thread(2000))
    assert dump.format == "bluesky" and not dump.warnings
    assert [p.text for p in dump.context] == ["reply 0"]
    assert [p.text for p in dump.posts] == [f"reply {i}" for i in range(1, 2001)]
    assert dump.posts[-1].reply_to == dump.posts[-2].post_id
    assert dump.posts[-1].reply_to_author == "a.bsky.social"


def test_author_feed_reposts_quotes_and_answered_authors() -> None:
    dump = parse_dump((FIXTURES / "bluesky_author_feed.json").read_text("utf-8"))
    assert dump.format == "bluesky"
    quote, repost, *replies, root = dump.posts
    assert quote.kind is PostKind.QUOTE and quote.quote_of is not None
    assert quote.quote_of.endswith("/3kecho")
    assert repost.kind is PostKind.REPOST and repost.author == "mira.bsky.social"
    assert repost.repost_of == quote.quote_of and repost.post_id is not None
    assert repost.created_at == "2024-07-01T09:04:00Z"
    assert [p.reply_to_author for p in replies] == ["mira.bsky.social"] * 2
    assert root.kind is PostKind.ORIGINAL
    # the reposted post is context; the posts the feed items answer are the feed's own
    # (``context_once``: none of the file's own posts is context), each once
    assert [p.text[:8] for p in dump.context] == ["Die Wahr"]
    assert {p.post_id for p in dump.posts} >= {p.reply_to for p in replies}


def test_a_feed_is_known_by_most_of_its_items_not_the_first() -> None:
    feed = json.loads((FIXTURES / "bluesky_author_feed.json").read_text("utf-8"))
    whole = parse_dump(json.dumps(feed))
    feed["feed"].insert(0, {"reason": {"$type": "app.bsky.feed.defs#reasonPin"}})
    dump = parse_dump(json.dumps(feed))
    assert dump.format == "bluesky" and dump.posts == whole.posts


def test_a_quote_with_a_card_of_its_own_gives_the_cards_link() -> None:
    """``recordWithMedia``: the quoted record, and a link card as its media."""
    record = {"text": "Seht euch das an", "embed": {
        "$type": "app.bsky.embed.recordWithMedia",
        "record": {"record": {"uri": "at://did:plc:b/app.bsky.feed.post/2"}},
        "media": {"$type": "app.bsky.embed.external",
                  "external": {"uri": "https://welt.ltd/a", "title": "WELT"}}}}
    feed = {"feed": [{"post": {"uri": "at://did:plc:a/app.bsky.feed.post/1",
                               "author": {"handle": "a.bsky.social"}, "record": record}}]}
    (post,) = parse_dump(json.dumps(feed)).posts
    assert post.quote_of == "at://did:plc:b/app.bsky.feed.post/2"
    assert (post.urls, post.card_title) == (("https://welt.ltd/a",), "WELT")


def test_the_apps_flat_thread_answer_v2() -> None:
    """getPostThreadV2: one list with depths; parents and the anchor are context, as in the
    tree answer, replies below are posts; items not found or blocked are gaps."""
    dump = parse_dump((FIXTURES / "bluesky_thread_v2.json").read_text("utf-8"))
    assert dump.format == "bluesky"
    assert [p.text[-3:] for p in dump.context] == ["1/4", "3/4"]
    assert dump.context[1].urls == ("https://rheinpost-heute.example/",)  # a link facet
    last, answer = dump.posts
    assert (last.author, last.reply_to) == ("jana.bsky.social", dump.context[1].post_id)
    assert (last.urls, last.card_title) == (("https://meldestelle.example.org/fall/88",),
                                            "Meldung 88")
    assert (answer.author, answer.reply_to_author) == ("pit.example.org", "jana.bsky.social")
    assert [gap[-5:] for gap in dump.gaps] == ["3lrt2", "3lrx9"]
    assert dump.warnings == ("Bluesky: 2 post(s) deleted or blocked",)


def test_feed_items_saved_one_a_line_without_their_pages() -> None:
    dump = parse_dump((FIXTURES / "bluesky_feed_items.jsonl").read_text("utf-8"))
    assert dump.format == "bluesky" and dump.warnings == ()
    second, first, repost = dump.posts
    assert second.reply_to == first.post_id and second.reply_to_author == "jana.bsky.social"
    assert repost.kind is PostKind.REPOST and repost.author == "jana.bsky.social"
    assert repost.repost_of is not None and repost.repost_of.endswith("/3lsb1")


def test_post_views_saved_as_one_array_and_an_odd_record_skipped() -> None:
    items = [json.loads(line)["post"] for line in
             (FIXTURES / "bluesky_feed_items.jsonl").read_text("utf-8").splitlines()]
    dump = parse_dump(json.dumps([*items, {"cursor": "abc"}]))
    assert dump.format == "bluesky" and len(dump.posts) == 3
    assert dump.warnings == ("Bluesky: 1 record(s) that are not posts skipped",)


def test_notifications_replies_are_posts_likes_and_follows_are_not() -> None:
    dump = parse_dump((FIXTURES / "bluesky_notifications.json").read_text("utf-8"))
    assert dump.format == "bluesky"
    (reply,) = dump.posts
    assert reply.author == "troll4711.bsky.social" and reply.kind is PostKind.REPLY
    assert reply.urls == ("https://wahrheit-jetzt.example/",)
    assert reply.created_at == "2025-04-01T08:00:00Z"


def test_a_repost_notification_is_a_repost_of_the_accounts_post() -> None:
    """Who reposted the account's post and when: the co-repost evidence of ``bots``."""
    page = json.loads((FIXTURES / "bluesky_notifications.json").read_text("utf-8"))
    subject = "at://did:plc:konto/app.bsky.feed.post/3lq1"
    page["notifications"].append({
        "uri": "at://did:plc:team1/app.bsky.feed.repost/3lq9", "cid": "bafy",
        "author": {"did": "did:plc:team1", "handle": "team1.bsky.social"},
        "reason": "repost", "reasonSubject": subject, "isRead": False,
        "record": {"$type": "app.bsky.feed.repost", "createdAt": "2025-04-01T09:00:00.000Z",
                   "subject": {"uri": subject, "cid": "bafy"}},
        "indexedAt": "2025-04-01T09:00:01.000Z"})
    repost = parse_dump(json.dumps(page)).posts[-1]
    assert repost.kind is PostKind.REPOST and repost.repost_of == subject
    assert (repost.author, repost.created_at) == ("team1.bsky.social", "2025-04-01T09:00:00Z")


def test_the_atproto_sdks_own_dump_of_a_thread_reads_as_the_answer() -> None:
    """``model_dump_json()`` of the atproto SDK's answer: ``py_type``, ``created_at``,
    ``not_found``, ``byte_start`` in place of the API's names."""
    api = parse_dump((FIXTURES / "bluesky_thread.json").read_text("utf-8"))
    sdk = parse_dump((FIXTURES / "bluesky_sdk_thread.json").read_text("utf-8"))
    assert (sdk.posts, sdk.context, sdk.gaps) == (api.posts, api.context, api.gaps)
    assert len(sdk.gaps) == 2 and sdk.context[1].urls  # the not_found node; a link facet
    assert sdk.posts[0].created_at == "2024-05-02T08:05:00Z"


def test_the_atproto_sdks_feed_items_one_a_line_keep_their_reposts() -> None:
    api = parse_dump((FIXTURES / "bluesky_author_feed.json").read_text("utf-8"))
    sdk = parse_dump((FIXTURES / "bluesky_sdk_author_feed.jsonl").read_text("utf-8"))
    assert (sdk.posts, sdk.context) == (api.posts, api.context)
    repost = sdk.posts[1]
    assert repost.kind is PostKind.REPOST and repost.author == "mira.bsky.social"


def test_sdk_names_map_to_the_apis() -> None:
    assert [api_name(k) for k in ("py_type", "created_at", "byte_start", "not_found", "text",
                                  "_private", "$type", "from_", "created_at_")] == [
        "$type", "createdAt", "byteStart", "notFound", "text", "_private", "$type", "from",
        "createdAt"]


def test_the_sdks_dump_of_a_records_page_reads_as_the_page() -> None:
    """``listRecords`` dumped by the SDK: the type is in each record's ``value``."""
    api = json.loads((FIXTURES / "bluesky_list_records.json").read_text("utf-8"))
    sdk = json.loads(json.dumps(api).replace('"$type"', '"py_type"')
                     .replace('"createdAt"', '"created_at"').replace('"byteStart"', '"byte_start"')
                     .replace('"byteEnd"', '"byte_end"'))
    assert parse_dump(json.dumps(sdk)).posts == parse_dump(json.dumps(api)).posts


def test_a_reply_sharing_a_custom_feed_quotes_no_post() -> None:
    """``app.bsky.embed.record`` also embeds a custom feed, a list or a starter pack: only an
    embedded post makes a quote, so the reply stays a reply."""
    parent = "at://did:plc:a/app.bsky.feed.post/1"
    shared = {"uri": "at://did:plc:c/app.bsky.feed.generator/faktencheck", "cid": "bafy"}
    record = {"text": "Hier entlang", "reply": {"root": {"uri": parent}, "parent": {"uri": parent}},
              "embed": {"$type": "app.bsky.embed.record", "record": shared}}
    posts = {"posts": [{"uri": "at://did:plc:b/app.bsky.feed.post/2",
                        "author": {"handle": "b.bsky.social"}, "record": record}]}
    (post,) = parse_dump(json.dumps(posts)).posts
    assert post.kind is PostKind.REPLY and post.quote_of is None


def test_alt_texts_of_images_video_and_quoted_media_are_kept_apart() -> None:
    """An image's or video's ``alt`` is no post text, but a link written there is a link of
    the post (``post_links``), in a plain post, a video post and a quote with media."""
    dump = parse_dump((FIXTURES / "bluesky_alt_text.json").read_text("utf-8"))
    assert [p.text for p in dump.posts] == ["Seht euch das an.", "Aus dem Wahllokal.",
                                           "Die Zahlen dazu."]
    assert [p.alt_text for p in dump.posts] == [
        ("Screenshot der Kopie, zu finden auf faz.net-aktuell.com/politik",),
        ("Video vom Wahllokal, ganze Fassung: https://wahl-beweise.example/v/9",),
        ("Tabelle mit den Zahlen, Quelle welt.ltd/wahl",)]
    hosts = [[t.host for t in post_links(p) if isinstance(t, Link)] for p in dump.posts]
    assert hosts == [["faz.net-aktuell.com"], ["wahl-beweise.example"], ["welt.ltd"]]


def test_a_label_on_the_author_gives_the_accounts_status() -> None:
    """``!takedown`` on the author is Bluesky's moderation, as the answer was saved; a later
    negation (``neg: true``) lifts it."""
    bots = FIXTURES.parent / "bots" / "replies_bluesky_labelled.json"
    dump = parse_dump(bots.read_text("utf-8"))
    assert [p.author_status for p in dump.posts] == ["takendown"] * 3 + [None, None]
    assert dump.posts[0].author_status_by == "Bluesky, labelled so when the data was saved"
    assert dump.context[0].author_status is None


def test_a_removal_label_an_account_set_on_itself_is_no_takedown() -> None:
    did = "did:plc:selbst"
    author = {"did": did, "handle": "a.bsky.social",
              "labels": [{"src": did, "uri": f"at://{did}", "val": "!takedown"}]}
    assert author_labels(author) is None
    author["labels"].append({"src": "did:plc:ar7c4by46qjdydhdevvrndac", "val": "!takedown"})
    assert author_labels(author) == "takendown"


def test_reply_nodes_saved_without_their_parent_are_posts_an_anchor_is_context() -> None:
    """A script that saves ``thread.replies`` (one array, or one a line as ``bots`` streams
    it): each node is a reply, not the anchor of a thread of its own, which made every reply
    context and left ``bots`` none."""
    answer = json.loads((FIXTURES / "bluesky_thread.json").read_text("utf-8"))
    replies = answer["thread"]["replies"]
    saved = parse_dump(json.dumps(replies))
    whole = parse_dump(json.dumps(answer))
    assert [p.post_id for p in saved.posts] == [p.post_id for p in whole.posts]
    assert saved.context == ()
    for node in (r for r in replies if "post" in r):  # one a line, as bots streams them
        assert parse_dump(json.dumps(node)).posts
    anchor = parse_dump(json.dumps([answer["thread"]]))  # a node with its parent: the anchor
    assert anchor.context and anchor.context[-1].post_id == answer["thread"]["post"]["uri"]


def test_a_facet_shown_as_another_site_is_its_uri_shown_so() -> None:
    feed = {"feed": [{"post": {
        "uri": "at://did:plc:a/app.bsky.feed.post/1", "author": {"handle": "a.bsky.social"},
        "record": {"text": "Lies welt.de/politik/x", "facets": [
            {"index": {"byteStart": 5, "byteEnd": 22},
             "features": [{"$type": "app.bsky.richtext.facet#link",
                           "uri": "https://welt.ltd/politik/x"}]},
        ]},
    }}]}
    (post,) = parse_dump(json.dumps(feed)).posts
    assert post.link_texts == (("https://welt.ltd/politik/x", "welt.de/politik/x"),)
    (link,) = post_links(post)
    assert isinstance(link, Link) and link.url == "https://welt.ltd/politik/x"
    assert link.shown == "welt.de/politik/x"
