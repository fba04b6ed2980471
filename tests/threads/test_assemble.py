"""Plain-text and web-copy fixtures, end to end through ``reassemble``."""

from __future__ import annotations

from pathlib import Path

from threadscope.models import Reassembly, Thread
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def run(name: str) -> Reassembly:
    return reassemble((FIXTURES / name).read_text("utf-8"), source=name)


def shape(thread: Thread) -> tuple[object, ...]:
    return (thread.author, thread.total, thread.declared_totals,
            tuple(p.index for p in thread.posts), thread.missing, thread.duplicates)


def test_quick_start_fixture() -> None:
    result = run("x_copy_closing_markers.txt")
    assert result.format == "text" and result.source == "x_copy_closing_markers.txt"
    assert [shape(t) for t in result.threads] == [
        (None, 6, (6,), (1, 2, 3, 5, 6), (4,), ()),
        (None, 3, (3,), (1, 2, 3), (), ()),
        (None, 9, (5, 9), (1, 2, 3), (4, 5, 6, 7, 8, 9), ()),
    ]
    first, second, grown = result.threads
    assert first.trailing == "Nachtrag: die Domain ist inzwischen abgeschaltet."
    assert first.posts[2].text.endswith("\ntagesschau.de.ltd/archive/2/5/wirtschaft")
    assert "12/03/2023" in first.posts[0].text and "3/4 der Antworten" in first.posts[1].text
    assert second.posts[0].text.startswith("Drei Fragen an die Plattformen, die seit Monaten")
    assert second.posts[1].line == 21
    assert grown.posts[1].text.endswith("https://t.co/Qw3rTy7uIoSpiegel.de")
    assert result.unthreaded == ()


def test_opening_markers_with_preamble_and_trailing() -> None:
    result = run("opening_markers.txt")
    (thread,) = result.threads
    assert shape(thread) == (None, 4, (4,), (1, 2, 3, 4), (), ())
    assert thread.posts[2].text.endswith("bundestag.de/mediathek")
    assert thread.trailing == "Das war es für heute, danke fürs Lesen."
    assert result.unthreaded == ("Vorbemerkung: alles hier ist öffentlich zugänglich.",)


def test_open_ended_threads_close_with_n_of_n_and_end() -> None:
    closed, ended = run("open_ended.txt").threads
    assert shape(closed) == (None, 4, (4,), (1, 2, 3, 4), (), ())
    assert shape(ended) == (None, None, (), (1, 2, 3), (), ())
    assert ended.posts[2].text == "Alle am selben Tag registriert."


def test_reversed_paste_is_put_in_order() -> None:
    (thread,) = run("reversed_paste.txt").threads
    assert shape(thread) == (None, 5, (5,), (1, 2, 3, 4, 5), (), ())
    assert thread.posts[0].text.startswith("Fünf Merkmale") and thread.posts[0].line == 9


def test_duplicates_are_kept_once_and_listed() -> None:
    (thread,) = run("duplicates.txt").threads
    assert shape(thread) == (None, 4, (4,), (1, 2, 3, 4), (), (1, 2))


def test_hint_start_and_restarts() -> None:
    hinted, second, third = run("hint_and_restart.txt").threads
    assert shape(hinted) == (None, 4, (4,), (1, 2, 3, 4), (), ())
    assert hinted.posts[0].text == "Die wichtigsten Punkte zum neuen Förderprogramm 🧵"
    assert shape(second) == (None, 3, (3,), (1, 2, 3), (), ())
    assert shape(third) == (None, 3, (3,), (1, 2), (3,), ())


def test_not_markers_leave_text_unthreaded() -> None:
    result = run("not_markers.txt")
    assert result.threads == ()
    assert result.unthreaded == ((FIXTURES / "not_markers.txt").read_text("utf-8").strip(),)


def test_interleaved_web_copy_splits_by_author() -> None:
    result = run("x_web_interleaved.txt")
    assert result.format == "x-web"
    lena, mark = result.threads
    assert shape(lena) == ("lena_hartmann_dis", 3, (3,), (1, 2, 3), (), ())
    assert shape(mark) == ("markolsen_osint", 3, (3,), (1, 2, 3), (), ())
    assert lena.posts[1].text.startswith("Auffällig: 40 Accounts")
    assert all(p.author == "markolsen_osint" for p in mark.posts)


def test_empty_and_blank_input() -> None:
    assert reassemble("").threads == () and reassemble("").unthreaded == ()
    assert reassemble("\n \n\t\n").unthreaded == ()


def test_text_after_the_last_marker_is_trailing() -> None:
    (thread,) = reassemble("Eins\n1/2\nZwei\n2/2\nP.S. noch etwas\n").threads
    assert thread.trailing == "P.S. noch etwas"


def test_author_change_splits_even_with_continuing_indices() -> None:
    text = "A\n@a_1\n·\n2h\nEins 1/3\nB\n@b_2\n·\n2h\nZwei 2/3\nB\n@b_2\n·\n2h\nDrei 3/3\n"
    one, two = reassemble(text).threads
    assert (one.author, two.author) == ("a_1", "b_2") and two.missing == (1,)


def test_total_change_without_continuation_splits() -> None:
    text = "a\n1/5\nb\n2/5\nc\n4/7\nd\n5/7\n"
    first, second = reassemble(text).threads
    assert (first.declared_totals, second.declared_totals) == ((5,), (7,))
    assert second.missing == (1, 2, 3, 6, 7)


def test_unnumbered_web_thread_is_numbered_by_position() -> None:
    result = run("x_web_unnumbered.txt")
    (thread,) = result.threads
    assert shape(thread) == ("jpeters_hh", None, (), (1, 2, 3), (), ())
    assert thread.posts[0].text.endswith("herausgefunden habe 🧵")
    assert result.unthreaded == ("Danke fürs Aufschreiben!",)


def test_unthreaded_texts_keep_their_order() -> None:
    text = "Vorne\n/end\nEins\n1/2\nZwei\n2/2\n"
    assert reassemble(text).unthreaded == ("Vorne",)
    web = ("A\n@solo_a\n·\n2h\nNur ein Post 🧵\n"
           "B\n@other_b\n·\n2h\nEine Antwort\n")
    assert reassemble(web).unthreaded == ("Nur ein Post 🧵", "Eine Antwort")
