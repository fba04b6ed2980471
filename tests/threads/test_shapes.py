"""The shapes of issue 11, each on a fixture of that shape, end to end through ``reassemble``."""

from __future__ import annotations

from pathlib import Path

from threadscope.models import Reassembly, Thread
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def run(name: str) -> Reassembly:
    return reassemble((FIXTURES / name).read_text("utf-8"), source=name)


def shape(thread: Thread) -> tuple[object, ...]:
    return (thread.author, thread.total, tuple(p.index for p in thread.posts), thread.missing,
            thread.head_missing)


# --------------------------------------------------------------------------- pasted text


def test_paren_n_markers() -> None:
    result = run("paren_n_markers.txt")
    (thread,) = result.threads
    assert shape(thread) == (None, None, (1, 2, 3, 4), (), False)
    assert thread.posts[1].text.startswith("Die Domains enden auf .ltd")
    assert thread.trailing == "Wer mehr findet: bitte per DM." and result.unthreaded == ()


def test_markers_glued_to_the_first_word() -> None:
    (thread,) = run("glued_markers.txt").threads
    assert shape(thread) == (None, None, (1, 2, 3, 4), (), False)
    assert [p.text.split()[0] for p in thread.posts] == ["Before", "Before", "All", "None"]
    assert thread.posts[3].text.endswith("are not theirs.")  # unmarked line: the last post's


def test_slash_first_markers() -> None:
    (thread,) = run("slash_first_markers.txt").threads
    assert shape(thread) == (None, None, (1, 2, 3, 4), (), False)
    assert thread.posts[0].text.endswith("unter Regierungsposts verlinkt werden")


def test_weak_markers_alone_are_text() -> None:
    text = "Ein Satz über und/oder 1/Tag\nNoch ein Satz /2\n"
    result = reassemble(text)
    assert result.threads == () and result.unthreaded == (text.strip(),)


def test_thread_reader_page_with_two_posts_a_line() -> None:
    (thread,) = run("thread_reader_page.txt").threads
    assert shape(thread) == (None, 6, (1, 2, 3, 4, 5, 6), (), False)
    assert thread.posts[1].text == (
        "Auffällig: 40 Accounts, alle im Juli angelegt, alle mit acht Ziffern im Namen.")
    assert [p.line for p in thread.posts] == [1, 2, 3, 3, 4, 4]
    assert thread.trailing is not None and thread.trailing.startswith("• • •")


def test_numbers_in_prose_are_never_markers_nor_cut() -> None:
    result = run("prose_numbers.txt")
    (thread,) = result.threads
    assert shape(thread) == (None, 3, (1, 2, 3), (), False)
    assert thread.trailing is not None
    for prose in ("zwei Jahre vor 9/11", "dem Artikel 4/5", "1/2% über", "endete 3/1.",
                  "am 12/03/2023", "24/7", "bei 3/4 der Berechtigten, die Zustimmung bei 4/4 der"):
        assert prose in thread.trailing


def test_a_date_ending_a_reply_stays_text_in_every_shape() -> None:
    fanout = run("x_api_v2_fanout.json")
    assert any(u.endswith("zwei Jahre vor 9/11") for u in fanout.unthreaded)
    web = run("x_web_focused_reply.txt")
    assert web.unthreaded[0].endswith("Schon zwei Jahre vor 9/11")
    assert all(t.total != 11 for t in (*fanout.threads, *web.threads))


def test_seed_addendum_is_not_glued_into_the_next_thread() -> None:
    # the shape of shared/examples/003: thread 1 closes 8/8, its author adds a remark without
    # a blank line, and thread 2's first post follows: together longer than a post can be
    posts = [f"Beobachtung {i}: " + "die Klon-Seite kopiert Layout und Logo. " * 5 + f"{i}/8"
             for i in range(1, 9)]
    addendum = ("Hier ergänzend die Bestätigung der Pressestelle, dass diese Seiten nicht von "
                "uns stammen und auch nie von uns betrieben wurden; die Domains sind gemeldet und "
                "werden geprüft, hier der Link zur Mitteilung:")
    second = ["Was geschieht mit den Konten, die diese Links verbreiten?",
              "Einige wurden gesperrt, andere posten weiter.", "Ein Überblick:"]
    text = "\n".join([*posts, addendum, *second, "1/3", "Zwei", "2/3"])
    first, following = reassemble(text).threads
    assert first.trailing == addendum
    assert following.posts[0].text == "\n".join(second) and following.posts[0].line == 10


# --------------------------------------------------------------------------- web copy


def test_replying_to_never_makes_the_answered_handle_an_author() -> None:
    result = run("x_web_focused_reply.txt")
    (thread,) = result.threads
    assert shape(thread) == ("lena_hartmann_dis", 3, (1, 2, 3), (), False)
    assert thread.posts[1].text.endswith("acht Ziffern im Namen.")  # time and views removed
    assert [u[:20] for u in result.unthreaded] == ["Das ist doch alles e", "Vier der Domains imi"]


# --------------------------------------------------------------------------- structured


def test_fan_out_every_self_reply_belongs_to_the_thread() -> None:
    result = run("x_api_v2_fanout.json")
    (thread,) = result.threads
    assert shape(thread) == ("lena_hartmann_dis", None, (1, 2, 3, 4, 5), (), False)
    # depth first: the addendum to the spiegel.ltd post follows it, then the next answer
    assert [p.text.split()[0] for p in thread.posts] == [
        "Fünf", "welt.ltd:", "spiegel.ltd:", "Nachtrag", "bild.eu.com:"]
    # her answer to a bot and her retweet of her own first post are not thread posts
    assert any(u.startswith("@KarlMeier48213077 Nein.") for u in result.unthreaded)
    assert not any(u.startswith("RT @") for u in result.unthreaded)  # the original is shown


def test_missing_heads_are_reported() -> None:
    result = run("x_api_v2_head_missing.json")
    ana, mo, watch = result.threads
    assert shape(ana) == ("faktencheck_ana", 6, (3, 4, 5, 6), (1, 2), True)
    # Mo's first post answers nothing the dump holds, its conversation began elsewhere
    assert shape(mo) == ("osint_mo", None, (2, 3), (1,), True)
    # a thread that starts as an answer to someone else's post has its head
    assert shape(watch) == ("medienwatch_de", 2, (1, 2), (), False)


def test_mastodon_context_without_the_requested_status() -> None:
    result = run("mastodon_context_without_status.json")
    (thread,) = result.threads
    assert shape(thread) == ("jana", 5, (1, 2, 4, 5), (3,), False)
    assert result.unthreaded == ("@jana Die Wahrheit steht hier: welt.ltd/p",)


def test_mastodon_context_without_status_or_numbers() -> None:
    statuses = ",".join(
        f'{{"id": "{i}", "content": "<p>Teil {i}</p>", "in_reply_to_id": "{i - 1}",'
        f' "in_reply_to_account_id": "7", "account": {{"id": "7", "acct": "jana"}}}}'
        for i in (3, 4))
    result = reassemble(f'{{"ancestors": [], "descendants": [{statuses}]}}')
    (thread,) = result.threads
    assert shape(thread) == ("jana", None, (2, 3), (1,), True)


def test_boosts_and_reposts_are_never_thread_posts() -> None:
    mastodon = run("mastodon_statuses_with_boost.json")
    assert [p.text[:4] for p in mastodon.threads[0].posts] == ["Wie ", "Die ", "Die "]
    assert mastodon.unthreaded == ("Unsere Liste der Klon-Domains, laufend ergänzt.",)
    bluesky = run("bluesky_author_feed.json")
    (thread,) = bluesky.threads
    assert shape(thread) == ("mira.bsky.social", None, (1, 2, 3), (), False)
    archive = run("tweets_with_retweets.js")
    assert [len(t.posts) for t in archive.threads] == [3]
    assert archive.unthreaded[0].startswith("RT @osint_mo:")  # no original to show instead


def test_twarc2_flattened_thread() -> None:
    result = run("twarc2_flat.jsonl")
    assert result.format == "twarc2"
    (thread,) = result.threads
    assert shape(thread) == ("lena_hartmann_dis", 3, (1, 2, 3), (), False)
    truncated = run("twarc2_flat_truncated.jsonl")
    assert [shape(t) for t in truncated.threads] == [shape(thread)]
    assert truncated.warnings[0].startswith("JSON Lines: line 5")


def test_numbered_separate_posts_still_make_a_thread() -> None:
    posts = ",".join(
        f'{{"id": "{i}", "text": "Punkt {i} {i}/3", "author_id": "1"}}' for i in (1, 2, 3))
    text = f'{{"data": [{posts}], "includes": {{"users": [{{"id": "1", "username": "a"}}]}}}}'
    (thread,) = reassemble(text).threads
    assert shape(thread) == ("a", 3, (1, 2, 3), (), False)


def test_head_missing_is_in_the_json() -> None:
    from threadscope.report.shapes import reassembly_data

    data = reassembly_data(run("x_api_v2_head_missing.json"))
    assert [t["head_missing"] for t in data["threads"]] == [True, True, False]
    assert data["threads"][0]["missing"] == [1, 2]


def test_a_missing_head_is_said_in_every_readable_format() -> None:
    from threadscope.report import Format, formatter

    result = run("x_api_v2_head_missing.json")
    for fmt in (Format.TABLE, Format.MARKDOWN, Format.HTML):
        shown = " ".join(formatter(fmt).threads(result).split())  # the table wraps
        assert shown.count("its first post is not in the dump") == 2, fmt


# --------------------------------------------------------------------------- CSV


def run_csv(name: str, columns: dict[str, str] | None = None) -> Reassembly:
    text = (FIXTURES / name).read_text("utf-8-sig")  # read_source drops the BOM
    return reassemble(text, source=name, columns=columns)


def test_twarc_csv_thread_by_its_reply_ids() -> None:
    """twarc-csv's rows come newest first; the reply ids put them in order."""
    result = run_csv("twarc2_csv.csv")
    assert result.format == "csv"
    assert [shape(t) for t in result.threads] == [
        ("lena_hartmann_dis", 3, (1, 2, 3), (), False), ("juliane_k", 2, (1, 2), (), False)]
    assert result.threads[0].posts[2].text == "Bitte teilt die Seite nicht weiter.\n" \
        "Meldet sie stattdessen."
    # the retweet (its text the original's: twarc-csv merges them) is in no thread
    assert result.unthreaded == (
        "RT-Welle heute: wer die Kieselstudie teilt, teilt eine Fälschung.",
        "@lena_hartmann_dis Lügenpresse! Die Fakten: https://t.co/Hw7Fakten")


def test_spreadsheet_thread_by_its_in_reply_to_column() -> None:
    """Excel's German CSV: a BOM, ``;``, CRLF, times it cannot read; rows out of order."""
    result = run_csv("spreadsheet_in_reply_to.csv")
    (thread,) = result.threads
    assert shape(thread) == ("kiesel_watch", None, (1, 2, 3), (), False)
    assert [p.post_id for p in thread.posts] == ["500", "501", "503"]
    assert thread.posts[0].urls == ("https://kieselstudie-echt.info/bericht",)
    assert result.unthreaded[1].startswith('=HYPERLINK("https://kieselstudie-echt.info/beweis"')


def test_conversation_ids_make_threads_where_no_reply_column_is() -> None:
    result = run_csv("conversation_column.csv")
    first, second = result.threads
    assert shape(first) == ("netzpolitik_fan", None, (1, 2, 3), (), False)
    assert [p.text.split(":")[0] for p in first.posts[1:]] == ["Erstens", "Zweitens"]
    assert first.posts[2].urls == ("https://www.bmdv.bund.de/glasfaser",
                                   "https://gigabit-foerderung.de/faq")
    assert shape(second) == ("faktencheck_nord", 3, (2, 3), (1,), True)
    assert result.unthreaded == ("Danke, sehr hilfreich!",)


def test_numbered_rows_without_ids_are_read_as_pasted_text() -> None:
    result = run_csv("numbered_posts.csv")
    assert [shape(t) for t in result.threads] == [
        ("lena_hartmann_dis", 3, (1, 2, 3), (), False), ("juliane_k", 2, (1, 2), (), False)]
    assert result.unthreaded == ("Danke, gut zu wissen!",)


def test_qut_csv_replies_to_another_account_make_no_thread() -> None:
    result = run_csv("../bots/coordination.csv")
    assert result.format == "csv" and result.threads == () and len(result.unthreaded) == 10


def test_named_columns_thread_a_csv_the_guess_cannot() -> None:
    text = "Beitrag;Konto;Antwort auf;Inhalt\n2;anna;1;zweitens\n1;anna;;erstens\n"
    assert reassemble(text).format == "text"
    columns = {"post_id": "Beitrag", "author": "Konto", "reply_to": "Antwort auf",
               "text": "Inhalt"}
    (thread,) = reassemble(text, columns=columns).threads
    assert [p.text for p in thread.posts] == ["erstens", "zweitens"]
