"""Hand-built models for the format tests: every payload, with hostile text in it.

The reports are built by hand (not by running the pipeline) so that format tests do not depend
on reassembly or assessment, and so that each tricky case is present on purpose.
"""

from __future__ import annotations

import pytest

from threadscope.models import (
    AccountSummary,
    Assessment,
    AuditReport,
    BotReport,
    Brand,
    Cluster,
    ClusterVerdict,
    Hop,
    PageEvidence,
    Post,
    Reason,
    Reassembly,
    Registration,
    Thread,
    Verdict,
)

HOSTILE = (
    "x <script>document.title='pwned'</script> <img src=x onerror=alert(1)> "
    "[bold]B[/bold] | a\x1b[31mRED *em* `c`"
)

LOOKALIKE = Assessment(
    input="𝐰𝐞𝐥𝐭.𝐥𝐭𝐝",
    url="https://welt.ltd/",
    domain="welt.ltd",
    registrable_domain="welt.ltd",
    verdict=Verdict.LOOKALIKE,
    score=92,
    imitates="welt.de",
    reasons=(
        Reason("tld-swap", 60, "same name as welt.de under .ltd"),
        Reason("unicode-compat", 20, "written in bold Unicode letters"),
        Reason("young-domain", 12, "registered 40 days before the post"),
    ),
    final_url="https://welt.ltd/politik/",
    chain=(Hop("https://welt.ltd/", 301), Hop("https://welt.ltd/politik/", 200)),
    registration=Registration(
        created="2022-06-28", registrar="Example Registrar <b>", source="rdap"
    ),
    page=PageEvidence(
        title="WELT – Nachrichten", canonical="https://www.welt.de/", site_name="WELT"
    ),
    brand="Die Welt",
)
SHORT = Assessment(
    input="https://t.co/cykVk0lJUJWelt.de",
    url="https://t.co/cykVk0lJUJ",
    domain="t.co",
    registrable_domain="t.co",
    verdict=Verdict.SUSPICIOUS,
    score=45,
    reasons=(
        Reason("card-claims-brand", 45, "link card claims Welt.de but the link is a shortener"),
    ),
    card_domain="welt.de",
)
WIKI = Assessment(
    input="de.wikipedia.org/wiki/Logan_Act",
    url="https://de.wikipedia.org/wiki/Logan_Act",
    domain="de.wikipedia.org",
    registrable_domain="wikipedia.org",
    verdict=Verdict.OFFICIAL,
    score=0,
    brand="Wikipedia",
    registration=Registration(created="2001-01-13", source="whois"),
)
EVIL = Assessment(
    input=HOSTILE,
    url=None,
    domain=None,
    registrable_domain=None,
    verdict=Verdict.INVALID,
    score=0,
    error="not a usable host <script>",
)
PLAIN = Assessment(
    input="example.org",
    url="https://example.org/",
    domain="example.org",
    registrable_domain="example.org",
    verdict=Verdict.BENIGN,
    score=5,
    reasons=(Reason("new-tld", 5, "a | pipe and *stars* in a reason"),),
    registration=Registration(created="2024-03-01"),
)
LINKS = (LOOKALIKE, SHORT, WIKI, EVIL, PLAIN)

THREAD_1 = Thread(
    id=1,
    author="reporter_one",
    total=5,
    declared_totals=(5,),
    posts=(
        Post("Opening post about talks.", line=4, index=1, total=5),
        Post("Third post, source: de.wikipedia.org/wiki/Logan_Act", line=9, index=3, total=5),
        Post(HOSTILE, line=12, index=5, total=5),
    ),
    missing=(2, 4),
    duplicates=(3,),
    trailing="A trailing remark after the last post.",
)
THREAD_2 = Thread(
    id=2,
    author=None,
    total=14,
    declared_totals=(8, 14),
    posts=(
        Post("Bots under a post link to a copy of a news site.", line=20, index=1, total=8),
        Post(
            "Hosted on 𝐰𝐞𝐥𝐭.𝐥𝐭𝐝 really. https://t.co/cykVk0lJUJWelt.de",
            line=22,
            index=2,
            total=14,
        ),
    ),
    missing=tuple(range(3, 15)),
    duplicates=(),
)
THREADS = (THREAD_1, THREAD_2)
UNTHREADED = ("Intro text before any thread, with [red]markup[/red].",)


@pytest.fixture
def reassembly() -> Reassembly:
    return Reassembly(source="dump.txt", threads=THREADS, unthreaded=UNTHREADED)


@pytest.fixture
def audit_report() -> AuditReport:
    return AuditReport(
        source="dump <b>.txt",
        threads=THREADS,
        links=LINKS,
        post_links={(1, 1): (2,), (1, 2): (3,), (2, 1): (0, 1)},
        unthreaded=UNTHREADED,
    )


@pytest.fixture
def assessments() -> tuple[Assessment, ...]:
    return LINKS


@pytest.fixture
def bot_report() -> BotReport:
    reasons = (
        Reason("same-text", 40, "same text | posted by 3 accounts"),
        Reason("young-accounts", 30, "accounts created within 7 days"),
    )
    return BotReport(
        source="replies.json",
        replies=5,
        clusters=(
            Cluster(
                1,
                ClusterVerdict.COORDINATED,
                88,
                ("MariaSchulz83651", "heinz_w19283", "x<script>"),
                (0, 2, 4),
                reasons,
                ("welt.de",),
            ),
            Cluster(2, ClusterVerdict.ORGANIC, 10, ("real_person",), (1,), ()),
        ),
        accounts=(
            AccountSummary("MariaSchulz83651", (0,), 1, 80, reasons, "2023-07-08T03:00:00Z"),
            AccountSummary("heinz_w19283", (2,), 1, 75, reasons[:1]),
            AccountSummary("x<script>", (4,), 1, 70),
            AccountSummary("real_person", (1,), None, 5),
        ),
        links=(LOOKALIKE,),
    )


@pytest.fixture
def brands() -> tuple[Brand, ...]:
    return (
        Brand("Die Welt", ("welt.de",), "DE", "news"),
        Brand("Tagesschau | ARD", ("tagesschau.de", "ard.de"), "DE", "broadcaster"),
        Brand("[bold]Evil[/bold]", ("example.com",), None, "user", 2),
    )
