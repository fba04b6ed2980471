"""``extract_links``: what counts as a link in a post, and what is only prose."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.links import extract, extract_links
from threadscope.models import Link

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "links"


def only(text: str) -> Link:
    links = extract_links(text)
    assert len(links) == 1, links
    link = links[0]
    assert text[link.start : link.end] == link.input
    return link


def hosts(text: str) -> list[str]:
    return [link.host for link in extract_links(text)]


# --------------------------------------------------------------------------- plain links


@pytest.mark.parametrize(
    ("text", "url", "host"),
    [
        ("see https://www.welt.de/politik/ now", "https://www.welt.de/politik/", "www.welt.de"),
        ("http://example.org", "http://example.org/", "example.org"),
        ("HTTPS://WELT.DE/Politik", "https://welt.de/Politik", "welt.de"),
        (
            "18/22 de.wikipedia.org/wiki/Logan_Act",
            "https://de.wikipedia.org/wiki/Logan_Act",
            "de.wikipedia.org",
        ),
        ("Quelle: Welt.de", "https://Welt.de/", "welt.de"),
        ("www.report.zip", "https://www.report.zip/", "www.report.zip"),
        ("report.zip/download", "https://report.zip/download", "report.zip"),
        ("https://report.zip", "https://report.zip/", "report.zip"),
        ("welt.de:8443/a", "https://welt.de:8443/a", "welt.de"),
        ("Quelle:welt.de", "https://welt.de/", "welt.de"),
        ("github.io", "https://github.io/", "github.io"),
        ("WELT.DE", "https://WELT.DE/", "welt.de"),
    ],
)
def test_links_are_found_and_normalised(text: str, url: str, host: str) -> None:
    link = only(text)
    assert link.host == host
    assert link.url.lower() == url.lower()
    assert link.url.startswith(url.split("://")[0] + "://")


def test_url_keeps_path_query_and_fragment() -> None:
    link = only("https://welt.de/a/b?x=1&y=2#top")
    assert link.url == "https://welt.de/a/b?x=1&y=2#top"


def test_links_come_in_order_with_offsets() -> None:
    text = "erst spiegel.de, dann https://bild.de/x und zuletzt faz.net."
    links = extract_links(text)
    assert [link.host for link in links] == ["spiegel.de", "bild.de", "faz.net"]
    assert [link.input for link in links] == ["spiegel.de", "https://bild.de/x", "faz.net"]
    for link in links:
        assert text[link.start : link.end] == link.input


# --------------------------------------------------------------------------- trimming


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(see https://welt.de/a)", "https://welt.de/a"),
        ("https://welt.de/a.", "https://welt.de/a"),
        ("https://welt.de/a?!", "https://welt.de/a"),
        ("„https://welt.de/a“", "https://welt.de/a"),
        ('"https://welt.de/a"', "https://welt.de/a"),
        ("'https://welt.de/a'", "https://welt.de/a"),
        ("«https://welt.de/a»", "https://welt.de/a"),
        ("[https://welt.de/a]", "https://welt.de/a"),
        ("<https://welt.de/a>", "https://welt.de/a"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("(https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("https://welt.de/artikel1234…", "https://welt.de/artikel1234"),
        ("welt.de, spiegel", "welt.de"),
        ("(welt.de)", "welt.de"),
    ],
)
def test_trailing_punctuation_and_brackets_are_not_part_of_the_link(
    text: str, expected: str
) -> None:
    assert only(text).input == expected


# --------------------------------------------------------------------------- not links


@pytest.mark.parametrize(
    "text",
    [
        "Sie seien auf 14.8 % gefallen",
        "1/22 Kommentar",
        "als Track 1,5-Diplomatie bekannt",
        "Track 1.5-Diplomatie",
        "z.B. eine Kopie",
        "u.A. mit Logos",
        "u.a. mit Logos",
        "e.g. this",
        "i.e. that",
        "d.h. also",
        "Version v2.3.1 ist da",
        "Version 1.2.3 ist da",
        "Python 3.11.4",
        "report.pdf",
        "image.png",
        "script.py",
        "setup.sh",
        "README.md",
        "main.rs",
        "report.zip",
        "clip.mov",
        "libc.so",
        "name@example.com",
        "vorname.nachname@example.com",
        "im Jahr.In der Folge",
        "das Ende.Es war",
        "sagte.er",
        "ca. 3.5 Mio.",
        "192.168.0.1",
        "U.S. officials",
        "",
        "   ",
    ],
)
def test_prose_numbers_files_and_mail_are_not_links(text: str) -> None:
    assert extract_links(text) == ()


# --------------------------------------------------------------------------- evasions


def test_defanged_scheme_and_dots() -> None:
    link = only("hxxps://welt[.]ltd/politik")
    assert link.url == "https://welt.ltd/politik"
    assert link.host == "welt.ltd"
    assert link.evasions == ("defanged",)


@pytest.mark.parametrize(
    "text",
    [
        "hxxp://welt.ltd/a",
        "hXXps://welt.ltd/a",
        "https[:]//welt.ltd/a",
        "https[://]welt.ltd/a",
        "welt[.]ltd",
        "welt(.)ltd",
        "welt{.}ltd",
        "welt[dot]ltd",
        "welt(dot)ltd",
        "welt[DOT]ltd",
        "welt{dot}ltd",
        "spiegel(dot)co[.]com",
    ],
)
def test_every_defanged_form_is_refanged(text: str) -> None:
    link = only(text)
    assert link.host in {"welt.ltd", "spiegel.co.com"}
    assert link.url.startswith(("https://", "http://"))
    assert "defanged" in link.evasions
    assert link.input == text


def test_mathematical_bold_is_folded() -> None:
    text = "Domain 𝐰𝐞𝐥𝐭.𝐥𝐭𝐝 gehostet"
    link = only(text)
    assert link.input == "𝐰𝐞𝐥𝐭.𝐥𝐭𝐝"
    assert link.host == "welt.ltd"
    assert link.url == "https://welt.ltd/"
    assert link.evasions == ("unicode-compat",)


def test_ideographic_full_stop_written_for_the_dot() -> None:
    """Browsers read 。 and ｡ as dots in a host name (UTS 46); filters that look for '.' do
    not."""
    link = only("Artikel auf welt。ltd/politik lesen")
    assert link.input == "welt。ltd/politik"
    assert link.url == "https://welt.ltd/politik"
    assert link.evasions == ("unicode-compat",)
    assert only("https://spiegel｡ltd/a").host == "spiegel.ltd"
    assert extract_links("ありがとう。世界、また明日。") == ()


def test_defanged_bold_link() -> None:
    link = only("hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik")
    assert link.url == "https://welt.ltd/politik"
    assert set(link.evasions) == {"unicode-compat", "defanged"}


def test_fullwidth_letters_and_one_dot_leader() -> None:
    assert only("ｗｅｌｔ．ｄｅ").host == "welt.de"
    link = only("welt\u2024de")
    assert link.host == "welt.de"
    assert link.evasions == ("unicode-compat",)


def test_zero_width_characters_are_removed_and_recorded() -> None:
    text = "siehe w\u200be\u200clt.de heute"
    link = only(text)
    assert link.host == "welt.de"
    assert link.input == "w\u200be\u200clt.de"
    assert link.evasions == ("zero-width",)


def test_bidi_controls_are_removed_and_recorded() -> None:
    link = only("https://wel\u202et.de/")
    assert link.host == "welt.de"
    assert link.evasions == ("bidi-control",)


def test_hidden_characters_around_a_link_are_not_an_evasion() -> None:
    text = "\u200ehttps://ynet.co.il/news\u200e שלום"
    link = only(text)
    assert link.input == "https://ynet.co.il/news"
    assert link.evasions == ()


def test_userinfo_shows_one_host_and_leads_to_another() -> None:
    link = only("(https://welt.de@evil.example/)")
    assert link.host == "evil.example"
    assert link.url == "https://welt.de@evil.example/"
    assert link.evasions == ("userinfo",)


def test_punycode_host_is_decoded_and_recorded() -> None:
    link = only("xn--wlt-rdd.de")
    assert link.host == "w\u0435lt.de"
    assert link.evasions == ("punycode",)


def test_unicode_idn_stays_unicode() -> None:
    link = only("https://bücher.de/x")
    assert link.host == "bücher.de"
    assert link.evasions == ()


def test_cyrillic_lookalike_is_kept_as_written() -> None:
    link = only("w\u0435lt.de")
    assert link.host == "w\u0435lt.de"
    assert link.evasions == ()


def test_broken_punycode_does_not_crash() -> None:
    link = only("https://xn--zz.de/")
    assert link.host == "xn--zz.de"
    assert "punycode" in link.evasions


# --------------------------------------------------------------------------- t.co cards


def test_tco_link_glued_to_its_card_domain() -> None:
    text = "2/14 https://t.co/cykVk0lJUJWelt.de"
    link = only(text)
    assert link.input == "https://t.co/cykVk0lJUJ"
    assert link.url == "https://t.co/cykVk0lJUJ"
    assert link.host == "t.co"
    assert link.card_domain == "welt.de"
    assert link.end == len(text) - len("Welt.de")


def test_tco_link_without_a_card_is_whole() -> None:
    link = only("https://t.co/cykVk0lJUJ")
    assert link.card_domain is None
    assert link.input == "https://t.co/cykVk0lJUJ"


def test_tco_link_followed_by_a_word_is_not_split() -> None:
    link = only("https://t.co/cykVk0lJUJWelt")
    assert link.card_domain is None


# --------------------------------------------------------------------------- IPs and ports


def test_ip_hosts_in_urls() -> None:
    assert only("http://192.0.2.1/login").host == "192.0.2.1"
    v6 = only("http://[2001:db8::1]:8080/x")
    assert v6.host == "2001:db8::1"
    assert v6.url == "http://[2001:db8::1]:8080/x"


def test_a_port_out_of_range_is_a_link_no_browser_opens() -> None:
    """Dropped, such a link evaded the audit while its name still worked on the reader."""
    (link,) = extract_links("see https://spiegel.ltd:99999/artikel now")
    assert (link.host, link.malformed) == ("spiegel.ltd", "invalid port")
    assert link.url == link.input == "https://spiegel.ltd:99999/artikel"
    (huge,) = extract_links("https://welt.de:" + "9" * 5000 + "/x")
    assert (huge.host, huge.malformed) == ("welt.de", "invalid port")


@pytest.mark.parametrize(
    ("text", "host", "why"),
    [
        ("https://welt%00.ltd/x", "welt.ltd", "character not allowed in a host name"),
        ("https://welt%0a.ltd/x", "welt.ltd", "character not allowed in a host name"),
        ("https://spiegel.ltd%", "spiegel.ltd", "character not allowed in a host name"),
        ("https://spiegel.ltd%/artikel", "spiegel.ltd", "character not allowed in a host name"),
        ("https://welt%ff.ltd/", "welt.ltd", "invalid percent-encoding in host name"),
        ("hxxps://spiegel[.]ltd:0x50/a", "spiegel.ltd", "invalid port"),
        ("spiegel.ltd:99999/artikel", "spiegel.ltd", "invalid port"),
    ],
)
def test_links_no_browser_opens_keep_the_name_a_reader_reads(
    text: str, host: str, why: str
) -> None:
    (link,) = extract_links(f"Look {text} and more")
    assert (link.host, link.malformed) == (host, why)


@pytest.mark.parametrize(
    "text", ["https://welt.de%2Fevil.example/", "https://welt.ltd%40evil.example/",
             "https://%00/", "https://%%%/"],
)
def test_a_host_that_reads_as_no_one_name_is_still_no_link(text: str) -> None:
    assert extract_links(f"Look {text} and more") == ()


def test_a_link_that_opens_is_not_malformed() -> None:
    (link,) = extract_links("https://welt.ltd:8080/a and https://sp%65igel.ltd/x")[:1]
    assert link.malformed is None


# --------------------------------------------------------------------------- fixture


def test_fixture_thread() -> None:
    text = (FIXTURES / "thread_with_links.txt").read_text("utf-8")
    links = extract_links(text)
    assert [link.host for link in links] == [
        "welt.de",
        "spiegel.de",
        "welt.ltd",
        "welt.ltd",
        "t.co",
        "de.wikipedia.org",
        "evil.example",
        "bild.de",
        "www.tagesschau.de",
    ]
    assert links[4].card_domain == "welt.de"
    assert links[7].evasions == ("zero-width",)
    for link in links:
        assert text[link.start : link.end] == link.input


# --------------------------------------------------------------------------- hostile input


def test_huge_lines_finish() -> None:
    """A 10 MB line of each shape; no timing assertion, but catastrophic backtracking or
    quadratic work would hang here."""
    ten_mb = 10_000_000
    assert extract_links("a" * ten_mb) == ()
    assert extract_links("a." * (ten_mb // 2)) == ()
    assert extract_links("a" + "[.]a" * (ten_mb // 4)) == ()
    assert extract_links("[.]" * (ten_mb // 3)) == ()
    assert len(extract_links("https://" + "a" * ten_mb + ".de")) == 1
    assert extract_links("https://" + "a" * ten_mb) == ()
    assert len(extract_links("welt.de " * 50_000)) == 50_000
    assert extract_links("\u200b" * (ten_mb // 10)) == ()
    assert len(extract_links("𝐰𝐞𝐥𝐭.𝐥𝐭𝐝 " * 50_000)) == 50_000


def test_control_characters_and_surrogates() -> None:
    assert hosts("\x00welt.de\x00") == ["welt.de"]
    assert extract_links("\ud800\udfff") == ()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_offsets_quote_the_input(text: str) -> None:
    for link in extract_links(text):
        assert text[link.start : link.end] == link.input
        assert link.host


_PIECES = st.sampled_from(
    [
        "https://",
        "hxxps://",
        "welt",
        ".",
        "[.]",
        "(dot)",
        "de",
        "ltd",
        "/",
        "@",
        ":",
        "8080",
        "xn--",
        "t.co/",
        "cykVk0lJUJ",
        "\u200b",
        "\u202e",
        "𝐰",
        " ",
        "(",
        ")",
        "[",
        "]",
        "„",
        "…",
        "%",
        "-",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_never_raises_on_link_like_junk(text: str) -> None:
    for link in extract_links(text):
        assert text[link.start : link.end] == link.input
        assert link.url.startswith(("http://", "https://"))


# --------------------------------------------------------------------------- more hosts


def test_percent_encoded_host_is_decoded_and_recorded() -> None:
    link = only("https://%77elt.de/a")
    assert link.host == "welt.de"
    assert link.url == "https://welt.de/a"
    assert link.evasions == ("percent-encoded",)


def test_cyrillic_domain_with_idn_suffix() -> None:
    assert only("пример.рф").host == "пример.рф"
    link = only("xn--e1afmkfd.xn--p1ai")
    assert link.host == "пример.рф"
    assert link.evasions == ("punycode",)


def test_markdown_link_gives_text_and_target() -> None:
    assert [link.input for link in extract_links("[welt.de](https://welt.de/a)")] == [
        "welt.de",
        "https://welt.de/a",
    ]


# --------------------------------------------------------------------------- glued prose


def test_domain_with_the_next_sentence_glued_on() -> None:
    link = only("Quelle ist welt.de.Das ist falsch")
    assert link.input == "welt.de"
    assert only("welt[.]de[.]Das").host == "welt.de"


def test_bare_userinfo_with_a_path_is_a_link() -> None:
    link = only("siehe welt.de@evil.com/politik")
    assert link.input == "welt.de@evil.com/politik"
    assert link.host == "evil.com"
    assert link.evasions == ("userinfo",)


@pytest.mark.parametrize(
    "text", ["welt.de@evil.com", "a.b@example.com/x", "https://www", "http://intranet/a"]
)
def test_mail_and_single_label_hosts_are_not_links(text: str) -> None:
    assert extract_links(text) == ()


def test_markdown_emphasis_is_trimmed() -> None:
    assert only("_https://welt.de/a_").input == "https://welt.de/a"
    assert only("**https://welt.de/a**").input == "https://welt.de/a"


def test_an_ellipsis_ends_a_link_even_when_glued() -> None:
    link = only("https://welt.de/artikel…mehr lesen")
    assert link.input == "https://welt.de/artikel"
    assert link.evasions == ()


def test_tco_glued_without_scheme() -> None:
    link = only("t.co/cykVk0lJUJ20min.ch")
    assert link.input == "t.co/cykVk0lJUJ"
    assert link.card_domain == "20min.ch"


def test_a_url_inside_a_bare_link_path_stays_part_of_it() -> None:
    link = only("web.archive.org/web/2024/https://welt.de/a")
    assert link.host == "web.archive.org"
    assert link.input == "web.archive.org/web/2024/https://welt.de/a"


def test_a_domain_in_a_query_is_not_a_second_link() -> None:
    assert only("https://x.de/?u=welt.de").host == "x.de"


def test_prose_glued_before_a_scheme() -> None:
    assert only("foo.barhttps://welt.de").input == "https://welt.de"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("mirror at ftp://welt.ltd/files/a.pdf.", "ftp://welt.ltd/files/a.pdf"),
        ("FTP://Welt.ltd/x", "ftp://welt.ltd/x"),
        ("defanged fxp://welt[.]ltd/x", "ftp://welt.ltd/x"),
    ],
)
def test_ftp_links_are_links(text: str, url: str) -> None:
    [link] = extract_links(text)
    assert link.url == url and link.host == "welt.ltd"


def test_trailing_brackets_are_trimmed_in_linear_time() -> None:
    """300 000 closing brackets after a link took 26 s when every step counted them again;
    the result is what it was: the link, without the brackets it does not open."""
    text = "see https://welt.ltd/a(b)" + ")" * 300_000 + "]." * 1000
    [link] = extract_links(text)
    assert link.url == "https://welt.ltd/a(b)"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=20).map("".join))
def test_the_patterns_skipped_by_their_signs_would_have_found_nothing(text: str) -> None:
    """``_candidates`` runs the scheme pattern only on text with a colon and the bare-domain
    pattern only where ``_BARE_SIGN`` finds a dot between label characters."""
    if extract._BARE.search(text):
        assert extract._BARE_SIGN.search(text)
    if extract._SCHEME.search(text):
        assert ":" in text


# --------------------------------------------------------------------------- card lines


def test_a_card_line_is_the_card_domain_of_the_link_above() -> None:
    text = "Lest das:\nhttps://welt.ltd/politik/x\nKanzler tritt zurück\nFrom welt.de"
    (link,) = extract_links(text)
    assert link.url == "https://welt.ltd/politik/x" and link.card_domain == "welt.de"
    (german,) = extract_links(text.replace("From", "Von"))
    assert german.card_domain == "welt.de"


def test_a_domain_alone_under_a_card_title_is_the_card_domain() -> None:
    (link,) = extract_links("https://welt.ltd/politik/x\nKanzler tritt zurück\nwelt.de")
    assert link.card_domain == "welt.de"


@pytest.mark.parametrize("text", [
    "Die Fälschungen:\nwelt.ltd\nwelt.de",  # a list of domains
    "https://welt.ltd/politik/x\nwelt.de",  # no title between: a second link
    "welt.ltd/politik/x\nKanzler tritt zurück\nwelt.de",  # no scheme above: a list
    "https://welt.ltd/x\n\n\n\n\n\nFrom welt.de",  # too far below
    "https://welt.ltd/x\nKanzler\nwelt.de ist das Original",  # a sentence
])
def test_a_domain_that_is_no_card_line_stays_a_link(text: str) -> None:
    assert [link.host for link in extract_links(text)][-1] == "welt.de"
    assert all(link.card_domain is None for link in extract_links(text))


def test_a_card_line_without_a_link_above_stays_a_link() -> None:
    assert [link.url for link in extract_links("Kanzler tritt zurück\nFrom welt.de")] == [
        "https://welt.de/"]


# --------------------------------------------------------------------------- Markdown labels


def test_a_markdown_label_of_another_site_is_what_the_link_is_shown_as() -> None:
    (link,) = extract_links("Lies [welt.de/politik/x](https://welt.ltd/y). Schlimm!")
    assert link.url == "https://welt.ltd/y" and link.shown == "welt.de/politik/x"
    (bare,) = extract_links("[welt.de](https://welt.ltd/y)")
    assert bare.shown == "welt.de"


@pytest.mark.parametrize("label", ['welt.de/politik/x"', "Quelle: welt.de", "welt.de/politik/x…",
                                   " welt.de "])
def test_a_site_anywhere_in_a_markdown_label_is_what_the_link_is_shown_as(label: str) -> None:
    # Words or a stray sign around the domain do not make it a link of its own (it was then
    # listed as an official welt.de link beside the clone's).
    (link,) = extract_links(f"Lies [{label}](https://welt.ltd/y) jetzt")
    assert link.url == "https://welt.ltd/y" and link.shown is not None
    assert link.shown.startswith("welt.de")


def test_a_markdown_label_of_the_same_site_or_of_words_is_left_as_it_was() -> None:
    same = extract_links("[welt.de/politik/x](https://welt.de/politik/x)")
    assert [(link.url, link.shown) for link in same] == [
        ("https://welt.de/politik/x", None), ("https://welt.de/politik/x", None)]
    (words,) = extract_links("[hier lesen](https://welt.ltd/y)")
    assert words.shown is None


# --------------------------------------------------------------------------- cards across texts


@pytest.mark.parametrize(("text", "expected"), [
    ("Kanzler\nFrom welt.de", True),
    ("Von welt.de\nmehr", True),
    ("  From welt.de  ", True),
    ("Lies From welt.de", False),  # words before it: a sentence
    ("From welt.de heute", False),
    ("From welt.de/politik/x", False),  # a path: a link, not a card's domain
    ("x" * 500 + " From welt.de", False),  # far into a long line
])
def test_from_line_is_a_cards_domain_line_alone(text: str, expected: bool) -> None:
    link = extract_links(text)[-1]
    assert extract.from_line(text, link) is expected


def test_read_as_card_reads_the_text_below_as_if_under_the_link() -> None:
    (above,) = extract_links("Lest das: https://welt.ltd/politik/x")
    below = "Kanzler tritt zurück\nwelt.de\nDas ist falsch."
    assert extract.read_as_card(above, below, extract_links(below)[0])
    assert not extract.read_as_card(above, "welt.de\nmehr", extract_links("welt.de\nmehr")[0])
    far = "a\nb\nc\nd\nFrom welt.de"
    assert not extract.read_as_card(above, far, extract_links(far)[0])
