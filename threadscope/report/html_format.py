"""``--format html``: one self-contained page a journalist can read, print and forward.

No script, no external asset: CSS and SVG charts are inline, and a strict Content-Security-Policy
(``default-src 'none'``) makes sure that even a mistake in escaping could load or run nothing.
Every piece of input text goes through ``textsafe.visible`` and ``html.escape``. Flagged links
are never ``<a href>``: they are shown as defanged text (``hxxps://welt[.]ltd``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime

from threadscope import __version__
from threadscope.models import (
    AccountSummary,
    Assessment,
    AuditReport,
    BotReport,
    Brand,
    Card,
    Cluster,
    ClusterVerdict,
    PageEvidence,
    Post,
    Reassembly,
    Thread,
    Verdict,
)
from threadscope.report import common
from threadscope.report.base import Format, Formatter
from threadscope.report.html_charts import Bar, Dot, parse_day, score_bars, stacked_bars, timeline
from threadscope.textsafe import visible

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

CSS = """
:root{--ink:#1d2330;--muted:#5b6472;--line:#e3e6ea;--bg:#f6f7f9;--card:#fff;
--lookalike:#b42318;--suspicious:#b45309;--benign:#2e7d4f;--official:#1f5f99;--invalid:#6b7079;
--tile:#fbfbfc;--track:#e8eaee;--stripe:#f3f4f6;--stripe2:#fafafa;--mark:#fde2e0;
--mark-ink:var(--lookalike);color-scheme:light dark}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:28px 24px 60px}
header.top{border-bottom:3px solid var(--ink);padding-bottom:14px;margin-bottom:22px}
.kicker{text-transform:uppercase;letter-spacing:.12em;font-size:12px;color:var(--muted);margin:0}
h1{font-size:28px;line-height:1.2;margin:6px 0 8px;word-break:break-word}
h2{font-size:20px;margin:34px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:0 0 10px}
.meta{color:var(--muted);font-size:13px;margin:0}
.summary{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--benign);
border-radius:6px;padding:16px 20px}
.summary.flagged{border-left-color:var(--lookalike)}
.lead{font-size:19px;font-weight:600;margin:0 0 12px}
.tiles{display:flex;flex-wrap:wrap;gap:10px}
.tile{flex:1 1 110px;border:1px solid var(--line);border-radius:6px;padding:8px 12px;
background:var(--tile)}
.tile b{display:block;font-size:24px;line-height:1.1}
.tile span{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:14px 18px;
margin:12px 0}
.card.flag{border-left:6px solid var(--lookalike)}
.card.flag.v-suspicious{border-left-color:var(--suspicious)}
.badge{display:inline-block;border-radius:3px;padding:1px 7px;font-size:12px;font-weight:700;
color:#fff;text-transform:uppercase;letter-spacing:.04em;vertical-align:1px;
white-space:nowrap;overflow-wrap:normal}
.v-lookalike .badge,.badge.v-lookalike{background:var(--lookalike)}
.v-suspicious .badge,.badge.v-suspicious{background:var(--suspicious)}
.v-benign .badge,.badge.v-benign{background:var(--benign)}
.v-official .badge,.badge.v-official{background:var(--official)}
.v-invalid .badge,.badge.v-invalid{background:var(--invalid)}
.badge.v-unknown{background:var(--invalid)}
.badge.coordinated{background:var(--lookalike)}.badge.organic{background:var(--benign)}
code,.mono{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.meter{display:inline-block;width:90px;height:8px;background:var(--track);border-radius:4px;
vertical-align:middle;margin:0 6px}
.meter i{display:block;height:8px;border-radius:4px;background:var(--muted)}
.v-lookalike .meter i{background:var(--lookalike)}
.v-suspicious .meter i{background:var(--suspicious)}
.v-benign .meter i{background:var(--benign)}.v-official .meter i{background:var(--official)}
dl.facts{display:grid;grid-template-columns:150px 1fr;gap:4px 14px;margin:10px 0 0}
dl.facts dt{color:var(--muted);font-size:13px}dl.facts dd{margin:0;word-break:break-word}
ul.reasons{margin:8px 0 0;padding-left:0;list-style:none}
ul.reasons li{padding:3px 0}ul.reasons .pts{display:inline-block;min-width:44px;font-weight:700}
ol.chain{margin:0;padding-left:20px}
article.thread{background:var(--card);border:1px solid var(--line);border-radius:6px;
padding:14px 18px;margin:14px 0}
ol.posts{list-style:none;margin:0;padding:0}
ol.posts>li{display:grid;grid-template-columns:58px 1fr;gap:0 12px;padding:9px 0;
border-top:1px solid var(--line)}
ol.posts>li:first-child{border-top:0}
.num{font-weight:700;color:var(--muted);text-align:right;font-variant-numeric:tabular-nums}
.text{white-space:pre-wrap;word-break:break-word}
li.gap{color:var(--muted);font-style:italic}
li.gap .text{background:repeating-linear-gradient(135deg,var(--stripe) 0 8px,
var(--stripe2) 8px 16px);padding:2px 10px;border-radius:4px}
li.trailing .text{color:var(--muted)}
.unthreaded{border-left:3px solid var(--stripe);padding-left:12px;margin:8px 0}
.unthreaded p{margin:4px 0}.left-out{font-style:italic}
ol.posts p.note{margin:4px 0 0;font-size:13px;white-space:pre-wrap;word-break:break-word}
ol.replies>li{display:block}ol.replies>li>p.note:first-child{margin:0 0 2px}
.card details{margin-top:10px}
mark.flag{background:var(--mark);color:var(--mark-ink);padding:0 2px;border-radius:2px}
ul.links{list-style:none;margin:8px 0 0;padding:0}
ul.links li{margin:4px 0;font-size:14px}
ul.links a{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;background:var(--card);font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
td{overflow-wrap:break-word}td.who,td.link{overflow-wrap:anywhere}td.when{white-space:nowrap}
td.who{min-width:10em}
.wide{overflow-x:auto;margin:0 0 12px}
.wide>table{min-width:620px}.wide>svg.chart{min-width:540px}
th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
td.num{text-align:right}
.chart{display:block;max-width:100%;background:var(--card);border:1px solid var(--line);
border-radius:6px;padding:8px}
.note{color:var(--muted);font-size:14px}
details{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 16px}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media (max-width:640px){main{padding:18px 12px 40px}h1{font-size:23px}
.card,article.thread{padding:12px}.summary{padding:12px 14px}
dl.facts{grid-template-columns:1fr;gap:0}dl.facts dd{margin:0 0 8px}
ol.posts>li{grid-template-columns:38px 1fr;gap:0 8px}
.wide>svg.chart{min-width:720px}}
@media screen and (prefers-color-scheme:dark){
:root{--ink:#e4e7eb;--muted:#a7afbb;--line:#363c48;--bg:#121419;--card:#1b1f26;
--tile:#20252d;--track:#2d333d;--stripe:#20242b;--stripe2:#272c34;--mark:#4a1a16;
--mark-ink:#ffb4ab}
a{color:#9cc2ff}
svg.chart text[fill='#222'],svg.chart text[fill='#333']{fill:var(--ink)}
svg.chart text[fill='#555']{fill:var(--muted)}
svg.chart line{stroke:#6b7380}svg.chart rect[fill='#eee']{fill:var(--track)}}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
.wide{overflow:visible}.wide>table,.wide>svg.chart{min-width:0}
.badge,mark.flag,.meter,.meter i,.summary,.card,li.gap .text{-webkit-print-color-adjust:exact;
print-color-adjust:exact}
h2,h3{break-after:avoid}.card,ol.posts>li,tr,svg.chart,.tile{break-inside:avoid}
a{color:inherit;text-decoration:none}}
@media print{details::details-content{content-visibility:visible;display:block}}
"""


def h(text: object) -> str:
    """Input text → inert HTML: visible escapes for control characters, then entities."""
    return html.escape(visible(str(text)), quote=True)


def page(title: str, body: Iterable[str]) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        "<meta name='referrer' content='no-referrer'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{h(title)}</title><style>{CSS}</style></head>\n<body><main>\n"
        + "\n".join(body)
        + f"\n<footer>Made with threadscope {h(__version__)}. This page loads nothing from the "
        "network and runs no script; flagged addresses are defanged and never links.</footer>"
        "\n</main></body></html>\n"
    )


def wide(block: str) -> str:
    """A table or chart in a box that scrolls sideways on its own when the screen is narrower
    than it can be read at, so that the page itself never scrolls sideways (a phone)."""
    return f"<div class='wide'>{block}</div>" if block else ""


def short_name(source: str) -> str:
    """The file name of a source path (the full path goes in the meta line)."""
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


def header(kicker: str, title: str, meta: str) -> str:
    return (
        f"<header class='top'><p class='kicker'>{h(kicker)}</p><h1>{h(title)}</h1>"
        f"<p class='meta'>{h(meta)}</p></header>"
    )


def badge(assessment: Assessment) -> str:
    """The verdict, or grey ``unresolved`` / ``not followed`` where the landing is unknown."""
    value, label = assessment.verdict.value, common.verdict_label(assessment)
    kind = value if label == value else "unknown"
    return f"<span class='badge v-{kind}'>{label}</span>"


def meter(score: int) -> str:
    width = max(0, min(score, 100))
    return f"<span class='meter' title='score {width}'><i style='width:{width}%'></i></span>"


def link_code(assessment: Assessment, text: str | None = None) -> str:
    """A link as text, never as an anchor; defanged when flagged or written defanged."""
    shown = common.shown_link(assessment) if text is None else text
    return f"<code>{h(common.defanged_if_needed(assessment, shown))}</code>"


def marked_text(text: str, links: Sequence[Assessment], *, reason: bool = False) -> str:
    """Post text with each flagged link's written form (``common.flagged_forms``) defanged
    and highlighted; a ``reason``'s detail with the flagged links and domains it names
    (``common.reason_forms``)."""
    pieces: list[tuple[str, bool]] = [(text, False)]  # (text, is a flagged link's form)
    forms = common.reason_forms if reason else common.flagged_forms
    for needle in forms(text, links):
        split: list[tuple[str, bool]] = []
        for piece, marked in pieces:
            if marked:
                split.append((piece, marked))
                continue
            for number, part in enumerate(piece.split(needle)):
                if number:
                    split.append((needle, True))
                split.append((part, False))
        pieces = split
    return "".join(
        f"<mark class='flag'>{h(common.defang(piece))}</mark>" if marked else h(piece)
        for piece, marked in pieces
    )


def post_notes(post: Post, links: Sequence[Assessment]) -> str:
    """The post's edit, links edited away and image descriptions (``common.post_notes``), each
    a line below its text, flagged links marked as in the text."""
    return "".join(f"<p class='note'>✎ {marked_text(note, links)}</p>"
                   for note in common.post_notes(post))


def _reply_links(report: BotReport, position: int) -> list[Assessment]:
    """The assessments of the links a flagged reply spreads (``BotReport.flagged_links``)."""
    return [report.links[index] for index in report.flagged_links.get(position, ())
            if index < len(report.links)]


def flagged_replies(report: BotReport, positions: Sequence[int]) -> str:
    """The text of a coordinated cluster's replies (``BotReport.flagged_posts``), flagged links
    defanged and marked, each with its author, time and notes; nothing for an organic one."""
    shown = [(position, report.flagged_posts[position]) for position in positions
             if position in report.flagged_posts]
    if not shown:
        return ""
    items = "".join(
        f"<li><p class='note'>{h(common.reply_meta(post, position))}</p>"
        f"<div class='text'>{marked_text(post.text, _reply_links(report, position))}</div>"
        f"{post_notes(post, _reply_links(report, position))}</li>"
        for position, post in shown[:common.MAX_REPLIES_SHOWN]
    )
    more = len(shown) - common.MAX_REPLIES_SHOWN
    rest = f"<p class='note'>… and {more} more (their positions are above)</p>" if more > 0 else ""
    return (f"<details><summary>What the {len(shown)} replies say</summary>"
            f"<ol class='posts replies'>{items}</ol>{rest}</details>")


def _registration(assessment: Assessment, today: datetime) -> str | None:
    reg = assessment.registration
    if reg is None:
        return None
    if reg.created is None:
        return h(f"unknown ({reg.error})" if reg.error else "unknown")
    day = parse_day(reg.created)
    age = f", {(today.date() - day).days} days before this report" if day else ""
    registrar = f" by {reg.registrar}" if reg.registrar else ""
    return h(f"{reg.created}{age} (from {reg.source}{registrar})")


def _shown_first(assessment: Assessment) -> str | None:
    """The page readers see before the landing page: its address and for how long."""
    first = assessment.first_page
    if first is None:
        return None
    return (f"{link_code(assessment, first.url)} "
            f"<span class='note'>{h(common.first_page_note(first))}</span>")


def _page_claims(page_: PageEvidence | None) -> str | None:
    if page_ is None:
        return None
    claims = [
        ("title", page_.title),
        ("site name", page_.site_name),
        ("canonical", page_.canonical),
        ("canonical (Link header)", page_.header_canonical),
        ("og:url", page_.og_url),
        ("brand assets from", ", ".join(page_.brand_assets) or None),
    ]
    shown = [f"{name}: <b>{h(value)}</b>" for name, value in claims if value]
    if page_.truncated:
        shown.append("(page read only in part: cut at the size limit or by the server)")
    return "<br>".join(shown) or None


def link_card(index: int, assessment: Assessment, places: Sequence[str], today: datetime) -> str:
    verdict = assessment.verdict.value
    chain = "".join(
        f"<li>{link_code(assessment, hop.url)} "
        f"<span class='note'>{h(hop.status or hop.error or 'no answer')}"
        f"{h(' via ' + hop.via) if hop.via not in ('http', 'start') else ''}</span></li>"
        for hop in assessment.chain
    )
    facts = [
        ("imitates", f"<b>{h(assessment.imitates)}</b>" if assessment.imitates else None),
        ("brand", h(assessment.brand) if assessment.brand else None),
        ("written as", link_code(assessment, assessment.input)),
        ("found in", h("; ".join(places)) if places else None),
        ("link card claims", h(assessment.card_domain) if assessment.card_domain else None),
        ("shown as", h(assessment.shown) if assessment.shown else None),
        ("redirect chain", f"<ol class='chain'>{chain}</ol>" if chain else None),
        (
            "final address",
            link_code(assessment, assessment.final_url)
            if assessment.final_url and assessment.final_url != assessment.url
            else None,
        ),
        ("registered", _registration(assessment, today)),
        ("page claims", _page_claims(assessment.page)),
        ("shown first", _shown_first(assessment)),
        ("first page claims", _page_claims(assessment.first_page)),
        ("error", h(assessment.error) if assessment.error else None),
    ]
    reasons = "".join(
        f"<li><span class='pts'>{reason.points:+d}</span>"
        f"{h(common.shown_reason(assessment, reason.detail))} "
        f"<span class='note mono'>{h(reason.code)}</span></li>"
        for reason in sorted(assessment.reasons, key=lambda r: -r.points)
    )
    capped = common.capped_note(assessment)
    if capped:
        reasons += f"<li class='capped'><span class='pts'>=</span>{h(capped)}</li>"
    flag = " flag" if assessment.verdict.flagged else ""
    return (
        f"<section class='card v-{verdict}{flag}' id='link-{index}'>"
        f"<h3>{badge(assessment)} {link_code(assessment)}</h3>"
        f"<div>score <b>{assessment.score}</b>{meter(assessment.score)}"
        f"<span class='note'>of 100</span></div>"
        + (f"<ul class='reasons'>{reasons}</ul>" if reasons else "")
        + "<dl class='facts'>"
        + "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts if value)
        + "</dl></section>"
    )


def _reason_cell(link: Assessment) -> str:
    """The top reason, and on a line of its own the failure of a link that could not be
    followed: the name reason first, as a journalist cites it."""
    note = common.not_followed_note(link)
    top = h(common.shown_top_reason(link))
    if not note:
        return top
    return f"{top}<br><span class='note'>{h(common.shown_reason(link, note))}</span>"


def links_table(links: Sequence[Assessment], places: dict[int, list[str]] | None,
                expands_to: dict[int, int] | None = None) -> str:
    """Every link a row, numbered from 1; a short link whose expansion the dump gives says
    which row that is (``expands_to``: ``AuditReport.expands_to``), linked to its card. An
    audit's table says where each link was found (``places``); ``check``'s and ``domains'``
    (None) have no such column: theirs said "text not in any thread" for every link."""
    expands_to = expands_to or {}
    rows = "".join(
        f"<tr class='v-{link.verdict.value}'><td class='num'><a href='#link-{index}'>"
        f"{index + 1}</a></td><td class='link'>{link_code(link)}</td><td>{badge(link)}</td>"
        f"<td class='num'>{link.score}</td><td>{h(link.imitates or '–')}</td>"
        f"<td>{_expands_note(links, index, expands_to.get(index))}"
        f"{_reason_cell(link)}</td>"
        + (f"<td>{h('; '.join(places.get(index, [common.IN_UNTHREADED_TEXT])))}</td>"
           if places is not None else "")
        + "</tr>"
        for index, link in enumerate(links)
    )
    return wide(
        "<table><thead><tr><th>#</th><th>link</th><th>verdict</th><th>score</th>"
        "<th>imitates</th><th>top reason</th>"
        + ("<th>found in</th>" if places is not None else "")
        + f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _expands_note(links: Sequence[Assessment], index: int, target: int | None) -> str:
    """``expands to #4 (as the dump says)``, the number a link to row 4's card; "" for none."""
    if target is None:
        return ""
    source = h(common.expansion_source(links, index, target))
    return (f"<span class='note'>expands to <a href='#link-{target}'>#{target + 1}</a> "
            f"({source})</span><br>")


def registration_timeline(links: Sequence[Assessment], today: datetime) -> str:
    dots: dict[str, Dot] = {}
    for link in links:
        day = parse_day(link.registration.created if link.registration else None)
        name = link.registrable_domain or link.domain
        if day is None or name is None:
            continue
        label = common.defanged_if_needed(link, name)
        dots.setdefault(label, Dot(visible(label, keep_newlines=False), day, link.verdict))
    chart = timeline(list(dots.values()), today=today.date(), title="Domain registration dates")
    if not chart:
        return ""
    return (
        "<h2>When the domains were registered</h2>"
        "<p class='note'>Look-alike domains are usually registered shortly before a campaign; "
        "the brands they imitate are decades old.</p>" + wide(chart)
    )


def tiles(counts: Sequence[tuple[str, int]]) -> str:
    return (
        "<div class='tiles'>"
        + "".join(
            f"<div class='tile'><b>{count}</b><span>{h(name)}</span></div>"
            for name, count in counts
        )
        + "</div>"
    )


def method_note(links: Sequence[Assessment]) -> str:
    """How to read the page (``common.method_note``: the labels it shows, and whether any
    link was followed)."""
    return ("<h2>How to read this report</h2>"
            f"<p class='note'>{h(common.method_note(links))}</p>")


def _left_out(count: int) -> str:
    """Where lines of a piece of text in no thread are not shown (``common.excerpt``)."""
    return f"<p class='note left-out'>{h(common.left_out_note(count))}</p>"


class HtmlFormatter(Formatter):
    name = Format.HTML

    def __init__(self, *, explain: bool = False) -> None:
        self.explain = explain
        """``--explain``: an audit's text in no thread shown whole (``common.excerpt``)."""

    # ----------------------------------------------------------------------- threads

    def _thread(self, thread: Thread, report: AuditReport | None = None,
                flagged: Sequence[Assessment] = ()) -> str:
        """A thread's posts, each one's flagged links marked (``flagged``: in the text after
        it)."""
        items = []
        for row in common.post_rows(thread):
            if row.post is None or row.position is None:
                label = common.gap_label(row.missing, thread.total)
                items.append(
                    f"<li class='gap'><span class='num'>…</span><span class='text'>"
                    f"{h(label)}: not in the paste</span></li>"
                )
                continue
            links_html = self._post_links(report, thread.id, row.position) if report else ""
            links = common.links_at(report, thread.id, row.position) if report else []
            items.append(
                f"<li id='t{thread.id}-p{row.position}'><span class='num'>"
                f"{h(common.post_label(row.post))}</span><div><div class='text'>"
                f"{marked_text(row.post.text, links)}</div>{post_notes(row.post, links)}"
                f"{links_html}</div></li>"
            )
        if thread.trailing:
            items.append(
                "<li class='trailing'><span class='num'>after</span><div class='text'>"
                f"{marked_text(thread.trailing, flagged)}</div></li>"
            )
        return (
            f"<article class='thread' id='thread-{thread.id}'>"
            f"<h3>{h(common.thread_title(thread))}</h3><ol class='posts'>{''.join(items)}</ol>"
            "</article>"
        )

    def _post_links(self, report: AuditReport, thread_id: int, position: int) -> str:
        indices = report.post_links.get((thread_id, position), ())
        if not indices:
            return ""
        items = []
        for index in indices:
            link = report.links[index]
            imitates = f" imitates <b>{h(link.imitates)}</b>" if link.imitates else ""
            reason = common.shown_top_reason(link)
            items.append(
                f"<li class='v-{link.verdict.value}'>{badge(link)} {link_code(link)} "
                f"score <b>{link.score}</b>{imitates}"
                + (f" — {h(reason)}" if reason else "")
                + f" <a href='#link-{index}'>details</a></li>"
            )
        return f"<ul class='links'>{''.join(items)}</ul>"

    def _unthreaded(self, unthreaded: Sequence[str], links: Sequence[Assessment]) -> str:
        """The text in no thread whole, folded away: what ``thread`` reassembled around its
        threads."""
        if not unthreaded:
            return ""
        body = "".join(f"<p class='text'>{marked_text(text, links)}</p>" for text in unthreaded)
        return (
            f"<h2>{common.UNTHREADED}</h2><details><summary>"
            f"{common.plural(len(unthreaded), 'passage')} of text in no thread</summary>"
            f"{body}</details>"
        )

    def _unthreaded_excerpts(self, unthreaded: Sequence[str], links: Sequence[Assessment]
                             ) -> str:
        """The text in no thread of an audit as ``common.excerpt`` shortens it (whole with
        ``--explain``), as Markdown and the table show it: a pasted article is not echoed
        back, its links' lines are shown, flagged ones marked."""
        if not unthreaded:
            return ""
        pieces = [common.excerpt(text, whole=self.explain) for text in unthreaded]
        body = [f"<h2>{common.UNTHREADED}</h2>",
                f"<p class='note'>{h(common.unthreaded_heading(pieces))}</p>"]
        for piece in pieces:
            shown = []
            for before, text in piece.runs:
                shown += [_left_out(before)] if before else []
                shown.append(f"<p class='text'>{marked_text(text, links)}</p>")
            shown += [_left_out(piece.left_out_after)] if piece.left_out_after else []
            body.append(f"<div class='unthreaded'>{''.join(shown)}</div>")
        return "".join(body)

    def _unlinked_cards(self, cards: Sequence[Card], flagged: Sequence[Assessment]) -> str:
        """Cards with no link to belong to, as the table lists them, a flagged site in a
        card's line defanged and marked as in a post."""
        if not cards:
            return ""
        items = "".join(f"<li>{h(common.card_place(card))}: <span class='text'>"
                        f"{marked_text(card.text, flagged)}</span></li>" for card in cards)
        note = f"{common.plural(len(cards), 'card')}: {common.UNLINKED_CARDS_NOTE}."
        return (f"<h2>{h(common.UNLINKED_CARDS)}</h2><p class='note'>{h(note)}</p>"
                f"<ul>{items}</ul>")

    def threads(self, result: Reassembly) -> str:
        posts = sum(len(thread.posts) for thread in result.threads)
        missing = sum(len(thread.missing) for thread in result.threads)
        body = [
            header(
                "threadscope · reassembled threads",
                f"Threads in {short_name(result.source)}",
                f"Source: {result.source} · generated {common.generated_at()} · "
                f"read as {result.format}",
            ),
            "<section class='summary'>"
            + tiles([("threads", len(result.threads)), ("posts", posts), ("missing", missing)])
            + "</section>",
            "<h2>Threads</h2>",
            *(self._thread(thread) for thread in result.threads),
            self._unthreaded(result.unthreaded, ()),
        ]
        return page(f"Threads in {result.source}", body)

    # ----------------------------------------------------------------------- audit

    def _chart(self, report: AuditReport) -> str:
        bars = []
        for thread in report.threads:
            indices = {
                index
                for position in range(len(thread.posts))
                for index in report.post_links.get((thread.id, position), ())
            }
            counts = common.shown_counts([report.links[i] for i in indices])
            author = (f" · {common.account_label(thread.author, thread.author_kind)}"
                      if thread.author else "")
            label = f"Thread {thread.id}{author}"
            bars.append(Bar(visible(label, keep_newlines=False), dict(counts)))
        if not bars or not report.links:
            return ""
        return "<h2>Verdicts per thread</h2>" + wide(stacked_bars(
            bars, title="Distinct links per thread, by verdict"
        ))

    def _summary(self, links: Sequence[Assessment], extra: Sequence[tuple[str, int]]) -> str:
        counts = common.verdict_counts(links)
        flagged = " flagged" if any(link.verdict.flagged for link in links) else ""
        # as the lead sentence counts them: a link shown grey (`unresolved`, `not followed`)
        # is not known to be harmless, so it is in neither the "official" nor the "benign"
        # tile (an official site that could not be followed is shown, and counted, official)
        shown_as = common.shown_counts(links)
        unknown = shown_as[common.UNKNOWN_LANDING]
        shown = [
            *extra,
            ("look-alike", counts[Verdict.LOOKALIKE]),
            ("suspicious", counts[Verdict.SUSPICIOUS]),
            ("official", shown_as[Verdict.OFFICIAL.value]),
            ("benign", shown_as[Verdict.BENIGN.value]),
            *([(common.UNKNOWN_LANDING, unknown)] if unknown else []),
        ]
        return (
            f"<section class='summary{flagged}'><p class='lead'>"
            f"{h(common.summary_sentence(links))}</p>{tiles(shown)}</section>"
        )

    def _link_cards(self, links: Sequence[Assessment], places: dict[int, list[str]],
                    elsewhere: Sequence[str] = ()) -> str:
        """A card per link, flagged first; its "found in" is ``places``, else ``elsewhere``
        (an audit's text in no thread), else none: ``check`` and ``domains`` said every link
        they were given was "found in: text not in any thread"."""
        today = datetime.now(UTC)
        order = sorted(
            range(len(links)), key=lambda i: (not links[i].verdict.flagged, -links[i].score, i)
        )
        return "".join(link_card(i, links[i], places.get(i, elsewhere), today) for i in order)

    def audit(self, report: AuditReport) -> str:
        places = common.where_found(report)
        posts = sum(len(thread.posts) for thread in report.threads)
        body = [
            header(
                "threadscope · link audit",
                f"Links in {short_name(report.source)}",
                f"Source: {report.source} · generated {common.generated_at()} · "
                f"{common.plural(len(report.threads), 'thread')} · "
                f"{common.plural(posts, 'post')} · "
                f"{common.plural(len(report.links), 'distinct link')}",
            ),
            self._summary(
                report.links, [("threads", len(report.threads)), ("links", len(report.links))]
            ),
            self._chart(report),
            registration_timeline(report.links, datetime.now(UTC)),
        ]
        if report.links:
            body += ["<h2>All links</h2>", links_table(report.links, places, report.expands_to)]
        flagged = common.flagged_only(report.links)
        body += ["<h2>Threads</h2>", *(self._thread(t, report, flagged) for t in report.threads)]
        if note := common.no_threads_note(report):
            body.append(f"<p class='note'>{h(note)}</p>")
        body.append(self._unthreaded_excerpts(report.unthreaded, flagged))
        body.append(self._unlinked_cards(report.unlinked_cards, flagged))
        if report.links:
            body += ["<h2>Evidence per link</h2>",
                     self._link_cards(report.links, places, [common.IN_UNTHREADED_TEXT])]
        body.append(method_note(report.links))
        return page(f"Link audit: {report.source}", body)

    # ----------------------------------------------------------------------- assessments

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        # A page needs its summary first, so this format cannot stream; use jsonl for bulk.
        links = list(items)
        # a row per verdict; the grey one (not followed / unresolved) only where there are some
        bars = [Bar(name, {name: count}) for name, count in common.shown_counts(links).items()
                if count or name != common.UNKNOWN_LANDING]
        body = [
            header(
                "threadscope · link check",
                "1 link or domain checked" if len(links) == 1
                else f"{len(links)} links or domains checked",
                f"Generated {common.generated_at()}",
            ),
            self._summary(links, [("checked", len(links))]),
            "<h2>Verdicts</h2>" + wide(stacked_bars(bars, title="Links by verdict"))
            if links else "",
            registration_timeline(links, datetime.now(UTC)),
        ]
        if links:
            body += ["<h2>All links</h2>", links_table(links, None)]
            body += ["<h2>Evidence per link</h2>", self._link_cards(links, {})]
        body.append(method_note(links))
        yield page("threadscope link check", body)

    # ----------------------------------------------------------------------- bots

    def bots(self, report: BotReport) -> str:
        flagged = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
        lead = (
            f"{common.plural(len(flagged), 'coordinated cluster')}: "
            f"{sum(len(c.accounts) for c in flagged)} accounts posting in concert."
            if flagged
            else "No coordinated cluster found."
        )
        flagged_links = common.flagged_only(report.links)
        cards = [_cluster_card(cluster, cluster in flagged, report, flagged_links)
                 for cluster in report.clusters]
        scores = [
            (f"Cluster {c.id} ({len(c.accounts)} accounts)", c.score, c in flagged)
            for c in report.clusters
        ]
        chart = wide(score_bars(scores, title="Cluster scores")) if scores else ""
        body = [
            header(
                "threadscope · coordinated replies",
                f"{report.read_as.capitalize()} in {short_name(report.source)}",
                f"Source: {report.source} · generated {common.generated_at()} · "
                f"{report.replies} {report.read_as}",
            ),
            f"<section class='summary{' flagged' if flagged else ''}'><p class='lead'>{h(lead)}</p>"
            + tiles(
                [
                    (report.read_as, report.replies),
                    ("clusters", len(report.clusters)),
                    ("coordinated", len(flagged)),
                    ("accounts", len(report.accounts)),
                ]
            )
            + "</section>",
            "<h2>Cluster scores</h2>" + chart if chart else "",
            "<h2>Clusters</h2>",
            *(cards or [f"<p>{h(common.no_clusters_line(report))}</p>"]),
            "<h2>Accounts</h2>" + (wide(_accounts_table(report.accounts, flagged_links))
                                   if report.accounts else f"<p>{h(common.NO_ACCOUNTS)}</p>"),
        ]
        if report.links:
            body += ["<h2>Links posted</h2>",
                     self._link_cards(report.links, common.bot_link_places(report))]
        return page(f"Coordinated replies in {report.source}", body)

    # ----------------------------------------------------------------------- brands

    def brands(self, brands: Sequence[Brand]) -> str:
        rows = "".join(
            f"<tr><td>{h(b.name)}</td><td><code>{h(', '.join(b.domains))}</code></td>"
            f"<td>{h(b.country or '–')}</td><td>{h(b.category or '–')}</td>"
            f"<td class='num'>{b.tier}</td></tr>"
            for b in brands
        )
        body = [
            header("threadscope", "Protected brands", f"{len(brands)} brands"),
            wide("<table><thead><tr><th>brand</th><th>domains</th><th>country</th>"
                 f"<th>category</th><th>tier</th></tr></thead><tbody>{rows}</tbody></table>"),
        ]
        return page("threadscope: protected brands", body)


def _cluster_card(cluster: Cluster, flagged: bool, report: BotReport,
                  flagged_links: common.FlaggedLinks) -> str:
    """A cluster's card: verdict, reasons, accounts, replies; a flagged one with its replies."""
    accounts = ", ".join(h(label) for label in common.cluster_labels(cluster))
    reasons = "".join(
        f"<li><span class='pts'>{r.points:+d}</span>"
        f"{marked_text(r.detail, flagged_links, reason=True)} "
        f"<span class='note mono'>{h(r.code)}</span></li>"
        for r in cluster.reasons
    )
    imitates = (
        f"<dt>links imitate</dt><dd>{h(', '.join(cluster.imitates))}</dd>"
        if cluster.imitates
        else ""
    )
    imitates += (  # context beside the score: what the platforms say of the accounts
        f"<dt>{common.PLATFORM_SAYS}</dt>"
        f"<dd>{'<br>'.join(h(label) for label in cluster.platform_labels)}</dd>"
        if cluster.platform_labels
        else ""
    )
    return (
        f"<section class='card{' flag' if flagged else ''}'>"
        f"<h3><span class='badge {cluster.verdict.value}'>{cluster.verdict.value}</span> "
        f"Cluster {cluster.id} · score {cluster.score}</h3>"
        f"<ul class='reasons'>{reasons}</ul><dl class='facts'><dt>accounts</dt>"
        f"<dd>{accounts}</dd><dt>replies</dt><dd>{len(cluster.replies)} "
        f"({h(common.dump_positions(cluster.replies))})</dd>{imitates}"
        f"</dl>{flagged_replies(report, cluster.replies) if flagged else ''}"
        "</section>"
    )


def _accounts_table(accounts: Sequence[AccountSummary],
                    flagged_links: common.FlaggedLinks) -> str:
    """A row per account; a status column only for a dump that says what became of accounts,
    as the table, and a platform column only where a platform labelled any."""
    statuses = any(a.status for a in accounts)
    labelled = any(a.platform_labels for a in accounts)
    rows = "".join(
        f"<tr><td class='who'>{h(common.account_label(a.handle, a.author_kind))}</td>"
        f"<td>{'–' if a.cluster is None else a.cluster}</td>"
        f"<td class='num'>{a.score}</td><td class='num'>{len(a.replies)}</td>"
        f"<td class='when'>{h(a.created_at or '–')}</td>"
        + (f"<td>{h(a.status or '–')}</td>" if statuses else "")
        + (f"<td>{'<br>'.join(h(label) for label in a.platform_labels) or '–'}</td>"
           if labelled else "")
        + f"<td>{_account_reason(a, flagged_links)}</td></tr>"
        for a in accounts
    )
    return (
        "<table><thead><tr><th>account</th><th>cluster</th><th>score</th>"
        f"<th>replies</th><th>created</th>{'<th>status</th>' if statuses else ''}"
        f"{f'<th>{common.PLATFORM_SAYS}</th>' if labelled else ''}"
        "<th>top reason</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )


def _account_reason(account: AccountSummary, flagged_links: common.FlaggedLinks) -> str:
    """The account's strongest own reason (``common.account_top_reason``), a flagged link it
    names defanged and marked as in the clusters' reasons; ``–`` for none."""
    reason = common.account_top_reason(account)
    return marked_text(reason, flagged_links, reason=True) if reason else "–"
