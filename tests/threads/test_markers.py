from __future__ import annotations

import pytest

from threadscope.threads.markers import Kind, Position, find_marker, parse_token


@pytest.mark.parametrize(
    ("line", "kind", "index", "total", "position", "rest"),
    [
        ("1/22", Kind.NUMBERED, 1, 22, Position.ALONE, ""),
        ("(2/5)", Kind.NUMBERED, 2, 5, Position.ALONE, ""),
        ("[3/5] Sachverständige", Kind.NUMBERED, 3, 5, Position.OPENING, "Sachverständige"),
        ("Keine Reaktion. 1/4", Kind.NUMBERED, 1, 4, Position.CLOSING, "Keine Reaktion."),
        ("Dem bin ich nachgegangen: 🧵 1/8", Kind.NUMBERED, 1, 8, Position.CLOSING,
         "Dem bin ich nachgegangen: 🧵"),
        ("2/14 https://t.co/Qw3rTy7uIoSpiegel.de", Kind.NUMBERED, 2, 14, Position.ALONE,
         "https://t.co/Qw3rTy7uIoSpiegel.de"),
        ("18/22 de.wikipedia.org/wiki/Logan_Act", Kind.NUMBERED, 18, 22, Position.ALONE,
         "de.wikipedia.org/wiki/Logan_Act"),
        ("Text davor 5/9 zeit.de/x", Kind.NUMBERED, 5, 9, Position.CLOSING, "Text davor zeit.de/x"),
        ("2/ Die Quelle sagt", Kind.OPEN, 2, None, Position.OPENING, "Die Quelle sagt"),
        ("Die Quelle sagt 4/", Kind.OPEN, 4, None, Position.CLOSING, "Die Quelle sagt"),
        ("Danke fürs Lesen /end", Kind.END, None, None, Position.CLOSING, "Danke fürs Lesen"),
        ("Die wichtigsten Punkte 🧵", Kind.HINT, 1, None, Position.CLOSING,
         "Die wichtigsten Punkte 🧵"),
        # the number the author wrote, not the 🧵 after the text (it read as an unnumbered 1/)
        ("1/4 Ein Thread zu den Fake-Seiten 🧵", Kind.NUMBERED, 1, 4, Position.OPENING,
         "Ein Thread zu den Fake-Seiten 🧵"),
        ("1/ Ein Thread 👇", Kind.OPEN, 1, None, Position.OPENING, "Ein Thread 👇"),
    ],
)
def test_markers(
    line: str, kind: Kind, index: int | None, total: int | None, position: Position, rest: str
) -> None:
    marker = find_marker(line)
    assert marker is not None
    assert (marker.kind, marker.index, marker.total, marker.position, marker.rest) == (
        kind, index, total, position, rest)


@pytest.mark.parametrize(
    "line",
    [
        "Am 12/03/2023 erschien der Artikel",
        "erschienen am 12/03/2023",
        "am 24. 2. 22 durchgestochen",
        "Rund 3/4 of the documents were copied",
        "Pfade wie /archive/2/5/",
        "siehe example.org/archive/2/5",
        "plus 1/2%",
        "Track 1,5 ist eine Mischform.",
        "Treffen fanden 2x pro Monat statt.",
        "Verhältnis 12/3",
        "Datum 03/12",
        "ein Bruch 1/2/3",
        "",
        "   ",
    ],
)
def test_not_markers(line: str) -> None:
    marker = find_marker(line)
    assert marker is None or marker.position is Position.OPENING and marker.index == 3


def test_token_grammar() -> None:
    assert parse_token("3/14") == (3, 14) and parse_token("(3/14)") == (3, 14)
    assert parse_token("3/") == (3, None)
    for bad in ("0/3", "03/12", "4/3", "(3/14", "(3/)", "1000/1001", "3/14%", "a/b"):
        assert parse_token(bad) is None


def test_long_line_costs_only_its_edges() -> None:
    marker = find_marker("x" * 5_000_000 + " 3/7")
    assert marker is not None and marker.index == 3 and len(marker.rest) == 5_000_000
    repeated = find_marker("1/2 " * 1_000_000)
    assert repeated is not None and (repeated.index, repeated.total) == (1, 2)
