from __future__ import annotations

from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.x_web import clean_body, looks_like_x_web, parse_x_web

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def test_headers_become_authors_and_furniture_goes() -> None:
    posts = parse_dump((FIXTURES / "x_web_interleaved.txt").read_text("utf-8")).posts
    assert [p.author for p in posts] == ["lena_hartmann_dis", "markolsen_osint"] * 2 + [
        "markolsen_osint", "lena_hartmann_dis"]
    assert posts[0].display_name == "Lena Hartmann" and posts[0].line == 1
    assert posts[0].text == (
        "Ich habe mir die Antworten unter dem Post des Ministeriums angesehen. 1/3")
    assert posts[3].text == (
        "Vier der Domains imitieren Nachrichtenseiten, eine davon spiegel.ltd. 2/3")
    assert posts[4].text == "Alle vier wurden bei demselben Registrar angelegt. 3/3"
    assert posts[5].text.endswith("3/3\nhttps://t.co/AbCdEfGhIj")
    for post in posts:
        assert "Translate post" not in post.text and "Show" not in post.text
        assert "Antwort an" not in post.text and "Replying to" not in post.text


def test_a_post_starting_with_a_mention_is_not_a_header() -> None:
    text = "@CarloMasala1 Klickt man auf solche Links\n@someone\nweiter im Text 2/5\n"
    assert not looks_like_x_web(text)


def test_inline_header_with_name() -> None:
    posts = parse_x_web("Anna Wolf @AnnaWolf_Bonn · 14. März\nGuter Punkt.\n3\n1.2K\n")
    assert (posts[0].author, posts[0].display_name, posts[0].text) == (
        "AnnaWolf_Bonn", "Anna Wolf", "Guter Punkt.")


def test_numbers_inside_text_stay_counters_below_go() -> None:
    assert clean_body(["Im Jahr", "2024", "kam alles anders.", "12", "4,5K", "Views"]) == (
        "Im Jahr\n2024\nkam alles anders.")
