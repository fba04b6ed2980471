"""Synthetic reply sets with known membership, for tests, ``eval_bots.py`` and ``bench_bots.py``.

Organic replies come in many shapes: short generic ones many people write alike ("Danke!",
"👏👏"), near-identical thank-yous by unrelated people, opinions in German and English composed
from varied parts, links to real outlets (several people quoting the same article), a few
handles with digits and a few new accounts, times spread over two days. A bot campaign posts a
template with synonym swaps (or a stock sentence plus a link), from mostly machine-made handles
(``MariaSchulz83651``) created days before, within minutes of the original post, linking to a
Doppelganger-style look-alike (welt.ltd, spiegel.pro, bild.eu.com, washingtonpost.pm …),
sometimes through a shortener. Everything is drawn from ``random.Random(seed)``: the same
seed gives the same set.

Run: ``python scripts/gen_replies.py --seed 1 --organic 2000 --bots 12 --format csv -o r.csv``
(``--format`` csv, coordination, x-api-v2, x-api-v2-pages, or the JSON Lines of snscrape,
the YouTube Data API's pages, Telethon or Bluesky's feed items; ``--truth FILE`` writes the bot
handles). ``--activity ROWS`` makes a day of activity instead (``generate_activity``: news
retweet crowds, a K-pop fandom, link sharing, one planted campaign per kind in ``--kinds``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import random
import string
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from threadscope.models import Post  # noqa: E402

ORIGINAL_AUTHOR = "BMin_Example"
ORIGINAL_ID = "1900000000000000000"
ORIGINAL_TIME = datetime(2024, 3, 14, 8, 0, tzinfo=UTC)

FIRST = ["Maria", "Anna", "Lena", "Sabine", "Petra", "Julia", "Thomas", "Michael", "Stefan",
         "Andreas", "Jonas", "Lukas", "Emma", "Olivia", "James", "Robert", "Sarah", "Karin",
         "Heinz", "Ursula", "Klaus", "Monika", "Felix", "Paul", "Laura", "Hannah", "David"]
LAST = ["Schulz", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch", "Richter", "Klein",
        "Wolf", "Neumann", "Braun", "Smith", "Miller", "Brown", "Taylor", "Fischer", "Krause",
        "Lange", "Vogel", "Jung", "Keller", "Roth", "Frank", "Berger", "Hahn", "Walter"]
WORDS = ["blick", "nord", "fuchs", "river", "pixel", "tee", "garten", "rad", "bass", "berg",
         "see", "wald", "kino", "moon", "salz", "jazz", "kaffee", "stadt", "fjord", "lyrik"]

GENERIC = ["Danke!", "Great thread", "👏👏", "So true", "Genau so ist es!", "Danke 🙏",
           "Thank you!", "💯", "Absolutely.", "Stark!", "Exactly this.", "Sehr gut!", "👍",
           "Well said", "Danke dafür", "Wichtig!", "This 👆", "Bravo 👏👏👏", "Richtig so.", "🙏"]
THANKS = ["Vielen Dank für diesen wichtigen Thread!",
          "Vielen Dank für diesen wichtigen Thread 🙏",
          "vielen dank für diesen wichtigen thread",
          "Thank you so much for this important thread!",
          "Thank you so much for this important thread 🙏"]
OPEN_DE = ["Ich finde,", "Ehrlich gesagt glaube ich,", "Meiner Meinung nach ist klar:",
           "Was viele vergessen:", "Man muss auch sehen,", "Interessant ist doch,",
           "Als Lehrerin sehe ich täglich,", "Aus Sicht der Kommunen gilt:", "Nun ja,",
           "Bei uns im Dorf merkt man,", "Nach dreißig Jahren im Beruf weiß ich,", "Tja,",
           "Mein Eindruck:", "Hand aufs Herz,", "Wer in Sachsen wohnt, weiß:"]
SUBJECT_DE = ["die Förderung für Schulen", "das Geld für Pflegeheime", "der Ausbau der Bahn",
              "die Hilfe für Landwirte", "die Reform der Ämter", "das Programm für Kitas",
              "der Zuschuss für Vereine", "die Entlastung für Pendler", "der Plan für Kliniken",
              "die Wohnungsbauoffensive", "das Budget der Polizei", "die Sanierung der Brücken",
              "das Glasfaserprogramm", "die Wärmepumpenförderung", "der Fonds für Theater",
              "die Unterstützung der Tafeln", "das Bafög", "die Grundsicherung", "der ÖPNV",
              "die Stromsteuer"]
PREDICATE_DE = ["kommt viel zu spät", "reicht hinten und vorne nicht",
                "versandet in der Bürokratie", "ist ein guter erster Schritt",
                "wird vor Ort kaum ankommen", "hätte man längst beschließen müssen",
                "ist besser als befürchtet", "bleibt ein Tropfen auf den heißen Stein",
                "wird von den Ländern blockiert werden", "klingt gut, aber wer bezahlt das",
                "ist bei uns noch nie angekommen", "ist schlicht unterfinanziert"]
CLOSE_DE = ["Bitte nachbessern.", "Wer prüft das eigentlich?", "Mal sehen, was daraus wird.",
            "Das sagen wir seit Jahren.", "Trotzdem danke für die Erklärung.",
            "Hoffentlich hört jemand zu.", "", "Wann kommt der Gesetzentwurf?",
            "Bei uns wartet die Grundschule seit 2019 auf eine neue Turnhalle.",
            "Unsere Kita sucht seit Monaten Erzieherinnen.", "Schade eigentlich.",
            "Mein Zug fiel diese Woche dreimal aus.", "Die Zahlen im Anhang sprechen Bände."]
OPEN_EN = ["Honestly,", "I think", "As a nurse I can tell you", "What people forget is that",
           "From where I live,", "Speaking as a small business owner,", "Frankly",
           "Having worked in logistics for years,", "My view:", "Let's be clear:", "Sadly",
           "Look,"]
SUBJECT_EN = ["the school funding", "the money for care homes", "the rail package",
              "help for farmers", "the housing plan", "the childcare programme",
              "support for commuters", "the hospital fund", "the broadband rollout",
              "the heat pump subsidy", "the bridge repairs", "the police budget"]
PREDICATE_EN = ["arrives far too late", "falls well short", "gets lost in paperwork",
                "is a decent first step", "will barely reach small towns",
                "should have passed years ago", "is better than expected",
                "is a drop in the ocean", "will be blocked by the states",
                "sounds nice but who pays for it"]
CLOSE_EN = ["Please fix this.", "Who checks the numbers?", "We'll see.",
            "Been saying it for years.", "Thanks for explaining anyway.", "",
            "When is the bill due?", "Sad, really.", "Our local station closed in 2021.",
            "My mum waited nine months for a care place."]
NEWS = ["https://www.tagesschau.de/inland/haushalt-kommunen-102.html",
        "https://www.spiegel.de/politik/deutschland/foerderprogramm-a-5f2c.html",
        "https://www.zeit.de/politik/2024-03/bundestag-haushalt",
        "https://www.sueddeutsche.de/politik/bahn-ausbau-1.6512",
        "https://www.bbc.co.uk/news/world-europe-68512345",
        "https://www.nytimes.com/2024/03/14/world/europe/germany-budget.html",
        "https://www.faz.net/aktuell/wirtschaft/energiepreise-19583.html",
        "https://www.dw.com/en/germany-rail-investment/a-68500000"]
NEWS_TEXT = ["Passend dazu:", "Dazu der Bericht hier", "Worth reading alongside this:",
             "Die Tagesschau hatte gestern schon berichtet.", "Source for anyone asking:",
             "Hier die Hintergründe, sehr lesenswert", "Good context in this piece",
             "Einordnung:"]

LOOKALIKES = ["welt.ltd", "spiegel.pro", "bild.eu.com", "washingtonpost.pm", "faz.ltd",
              "sueddeutsche.pro", "tagesspiegel.ltd", "t-online.pro"]
SHORTENERS = ["bit.ly", "tinyurl.com", "is.gd", "rb.gy", "cutt.ly"]
TEMPLATES_DE = [
    "{Endlich|Jetzt endlich} {zeigt|beweist|belegt} {ein Bericht|eine Recherche|die Analyse}, "
    "was die Regierung {verschweigt|verheimlicht|vertuscht}. Die {Sanktionen|Strafmaßnahmen} "
    "{schaden|schaden vor allem|treffen} uns {selbst|am meisten}, nicht {Russland|Moskau}. "
    "{Lesen Sie|Lest|Lies} {selbst|hier|das}:",
    "{Warum|Weshalb} {berichtet|schreibt} {niemand|keiner} darüber? Die {Waffenlieferungen|"
    "Milliardenhilfen} {kosten|verschlingen} unser Geld, während {Rentner|Familien} {frieren|"
    "leiden}. {Hier|Alle} {die Fakten|die Details}:",
]
TEMPLATES_EN = [
    "{Finally|At last} {a report|an investigation} {shows|proves|reveals} what the government "
    "{hides|covers up|won't say}. The {sanctions|measures} {hurt|damage} us {more|most}, not "
    "{Russia|Moscow}. {Read it|See} {yourself|here}:",
]
STOCK = ["Das sollte jeder lesen:", "Unbedingt lesen!", "Must read:", "Die Wahrheit:",
         "Schaut euch das an"]


@dataclass(frozen=True)
class ReplySet:
    """Generated replies (the original post first) and the handles of every bot."""

    replies: tuple[Post, ...]
    bots: frozenset[str]
    organic: frozenset[str]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _swap(template: str, rng: random.Random) -> str:
    """Fill each ``{a|b|c}`` slot: the first option half the time, else any (synonym swaps)."""
    out: list[str] = []
    rest = template
    while "{" in rest:
        before, _, tail = rest.partition("{")
        options, _, rest = tail.partition("}")
        out.append(before)
        choices = options.split("|")
        out.append(choices[0] if rng.random() < 0.5 else rng.choice(choices))
    out.append(rest)
    return "".join(out)


def organic_handle(rng: random.Random, used: set[str]) -> str:
    while True:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        shape = rng.random()
        if shape < 0.3:
            handle = f"{first.lower()}_{last.lower()}"
        elif shape < 0.5:
            handle = f"{first}{last[0]}{rng.randint(70, 99)}"
        elif shape < 0.65:
            handle = f"{rng.choice(WORDS)}{rng.choice(WORDS)}"
        elif shape < 0.8:
            handle = f"{first.lower()}.{rng.choice(WORDS)}".replace(".", "_")
        elif shape < 0.9:
            handle = f"{last}{rng.randint(1950, 2005)}"
        else:  # real people get suggested handles too
            handle = f"{first}{last}{rng.randint(10000, 99999)}"
        if handle not in used:
            used.add(handle)
            return handle


def bot_handle(rng: random.Random, used: set[str]) -> str:
    while True:
        if rng.random() < 0.85:
            handle = f"{rng.choice(FIRST)}{rng.choice(LAST)}{rng.randint(10**4, 10**8 - 1)}"
        else:
            handle = f"{rng.choice(FIRST).lower()}_{rng.choice(LAST).lower()}_{rng.randint(1, 99)}"
        if handle not in used:
            used.add(handle)
            return handle


PETITION = ("Bitte unterschreibt die Petition für den Erhalt der Geburtsstation in Husum, "
            "jede Stimme zählt! https://www.openpetition.de/petition/online/geburtsstation-husum")


def organic_text(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    shape = rng.random()
    if shape < 0.02:  # real copypasta: many people paste one appeal with one link
        return PETITION, (PETITION.rsplit(" ", 1)[1],)
    if shape < 0.25:
        return rng.choice(GENERIC), ()
    if shape < 0.35:
        return rng.choice(THANKS), ()
    if shape < 0.5:  # several people quote the same article, each in their own words
        url = rng.choice(NEWS)
        text = rng.choice(NEWS_TEXT) if rng.random() < 0.5 else _opinion(rng, shape < 0.45)
        return f"{text} {url}", (url,)
    text = _opinion(rng, shape < 0.8)
    if rng.random() < 0.2:
        text += " " + rng.choice(["🙄", "😡", "👍", "🤔", "#Haushalt", "@" + ORIGINAL_AUTHOR])
    return text.strip(), ()


def _opinion(rng: random.Random, german: bool) -> str:
    if german:
        return (f"{rng.choice(OPEN_DE)} {rng.choice(SUBJECT_DE)} {rng.choice(PREDICATE_DE)}. "
                f"{rng.choice(CLOSE_DE)}").strip()
    return (f"{rng.choice(OPEN_EN)} {rng.choice(SUBJECT_EN)} {rng.choice(PREDICATE_EN)}. "
            f"{rng.choice(CLOSE_EN)}").strip()


def _account_created(rng: random.Random) -> datetime:
    """Most real accounts are years old; a few joined in the last weeks."""
    if rng.random() < 0.04:
        return ORIGINAL_TIME - timedelta(days=rng.uniform(1, 30))
    return ORIGINAL_TIME - timedelta(days=rng.uniform(200, 5000))


def _organic_reply(
    rng: random.Random, handle: str, created: dict[str, datetime]
) -> dict[str, object]:
    text, urls = organic_text(rng)
    posted = ORIGINAL_TIME + timedelta(minutes=rng.expovariate(1 / 600))
    return {"author": handle, "text": text, "urls": urls, "created_at": posted,
            "author_created_at": created[handle]}


def campaign(
    rng: random.Random, size: int, used: set[str], start: datetime, *, stealth: bool = False
) -> list[dict[str, object]]:
    """One campaign: template or stock text, one look-alike, young accounts, bunched times.

    A ``stealth`` campaign uses bought accounts (human handles, years old), spreads its replies
    over a day and hides every link behind its own short link: offline, only its text is left.
    """
    domain = rng.choice(LOOKALIKES)
    stock = rng.random() < 0.3
    template = rng.choice(TEMPLATES_DE + TEMPLATES_EN)
    shared_short = f"https://{rng.choice(SHORTENERS)}/{rng.randrange(36**6):06x}"
    born = start - timedelta(days=rng.uniform(3, 20))
    out: list[dict[str, object]] = []
    for _ in range(size):
        handle = organic_handle(rng, used) if stealth else bot_handle(rng, used)
        created = born + timedelta(hours=rng.uniform(0, 48))
        if stealth:
            created -= timedelta(days=rng.uniform(400, 3000))
        for _ in range(rng.choice((1, 1, 2))):
            section = rng.choice(["politik", "news", "ausland"])
            url = f"https://{domain}/{section}/{rng.randrange(10**6)}"
            if stock and not stealth:
                url = shared_short if rng.random() < 0.4 else url
                text = f"{rng.choice(STOCK)} {url}"
            else:
                if stealth or rng.random() < 0.3:
                    url = f"https://{rng.choice(SHORTENERS)}/{rng.randrange(36**6):06x}"
                text = f"{_swap(template, rng)} {url}"
            spread = 24 * 60 if stealth else 12
            posted = start + timedelta(minutes=rng.uniform(0.5, spread))
            out.append({"author": handle, "text": text, "urls": (url,), "created_at": posted,
                        "author_created_at": created})
    return out


def generate(
    seed: int, *, organic: int = 1000, bots: int = 12, campaigns: int = 1, stealth: bool = False
) -> ReplySet:
    """A shuffled reply set: ``organic`` organic replies and ``campaigns`` × ``bots`` bots."""
    rng = random.Random(seed)
    used: set[str] = {ORIGINAL_AUTHOR}
    people = [organic_handle(rng, used) for _ in range(max(1, organic * 2 // 3))]
    created = {person: _account_created(rng) for person in people}
    rows = [_organic_reply(rng, rng.choice(people), created) for _ in range(organic)]
    bot_rows: list[dict[str, object]] = []
    for number in range(campaigns):
        start = ORIGINAL_TIME + timedelta(minutes=number * rng.uniform(60, 600))
        bot_rows.extend(campaign(rng, bots, used, start, stealth=stealth))
    rows.extend(bot_rows)
    rows.sort(key=lambda row: row["created_at"])  # type: ignore[arg-type,return-value]
    original = Post("Heute hat das Kabinett den Haushalt beschlossen. Die wichtigsten Punkte "
                    "im Thread 🧵", 1, author=ORIGINAL_AUTHOR, created_at=_iso(ORIGINAL_TIME),
                    author_created_at="2011-05-02T10:00:00Z", display_name="Bundesministerin",
                    post_id=ORIGINAL_ID)
    replies = [original]
    for i, row in enumerate(rows, start=1):
        replies.append(Post(
            line=i + 1, author=str(row["author"]), text=str(row["text"]),
            created_at=_iso(row["created_at"]),  # type: ignore[arg-type]
            author_created_at=_iso(row["author_created_at"]),  # type: ignore[arg-type]
            post_id=str(1900000000000000001 + i), reply_to=ORIGINAL_ID,
            urls=tuple(row["urls"]),  # type: ignore[arg-type]
        ))
    bot_names = frozenset(str(row["author"]) for row in bot_rows)
    organic_names = frozenset(r.author for r in replies if r.author) - bot_names
    return ReplySet(tuple(replies), bot_names, organic_names)


# --------------------------------------------------------------------------- a day of activity

DAY_START = datetime(2024, 3, 14, 6, 0, tzinfo=UTC)
DAY = 24 * 3600.0
CAMPAIGN_KINDS = ("co-retweet", "co-link", "co-reply", "co-text")
NEWS_ACCOUNTS = ["tagesschau", "zdfheute", "SPIEGEL_EIL", "BBCWorld", "dwnews"]
HEADLINES = [
    "Inflation im März auf 2,2 Prozent gesunken", "Bundestag beschließt Haushalt für 2024",
    "Bahn und GDL einigen sich im Tarifstreit", "Unwetterwarnung für Teile Bayerns",
    "EU-Gipfel ringt um Hilfen für die Ukraine", "Zahl der Asylanträge leicht gestiegen",
    "Neuer Rekord bei Windstrom im ersten Quartal", "Streik an mehreren Flughäfen angekündigt",
    "Central bank holds interest rates steady", "Floods force thousands from their homes",
    "Election results expected by midnight", "Peace talks resume in Geneva",
    "Kabinett billigt Reform der Pflegeversicherung", "Verfassungsgericht verhandelt Wahlrecht",
    "Gaspreise sinken auf Vorkriegsniveau", "Ermittlungen gegen Cyberangriff auf Kommunen",
]
KPOP_NEWS = "seoulbeat_news"
KPOP_HEADLINES = [
    "STARLYTE break the record for the most-viewed K-pop debut video in 24 hours",
    "STARLYTE announce their first world tour with 30 dates in 12 countries",
    "STARLYTE's leader Jaeyun to host a music show special this Friday",
    "STARLYTE top the global album chart for a third week",
    "STARLYTE win Best New Artist at the Seoul Music Awards",
    "STARLYTE confirm a collaboration with a US pop star",
    "STARLYTE's comeback teaser passes 10 million views",
    "STARLYTE to perform at a European festival this summer",
]
FAN_WORDS = ["lyte", "star", "bunny", "moon", "angel", "sunny", "luv", "bias", "jaeyun",
             "purple", "cherry", "peach", "mochi", "dream"]
FAN_TEXTS = ["CONGRATS STARLYTE 💜💜💜", "my boys did THAT", "so proud 😭😭",
             "STARLYTE PAVED THE WAY", "we love you jaeyun", "🥺💜", "LETS GOOO",
             "history makers!!", "proud lyte here 💜", "deserved 😭"]
AMPLIFIED = "klartext_freiheit"
AMPLIFIED_TEXT = ["Die Wahrheit über die Energiepreise, die keiner sagen will",
                  "Warum die Medien über diese Demo schweigen",
                  "Unglaublich, was in Berlin gerade beschlossen wurde",
                  "Teilt das, bevor es gelöscht wird",
                  "Wer profitiert wirklich von den Sanktionen?",
                  "Das Interview, das nicht gesendet wurde", "Die Zahlen, die das Amt verschweigt",
                  "Jetzt reicht es: Bürger wehren sich"]
VIDEO_IDS = ["q3Xk9pQaT1w", "Zr7m2LpWv0s", "H8dQe4YtN6c", "b2Vn7KxR5aE", "Tf9sJ3mPq1L",
             "w6Gh1CzUe8o", "N4pL0aXs7Dk", "e1Rt5YbM9vQ"]
LINK_COMMENTS = ["Anschauen!", "👀", "Das muss jeder sehen", "Krass", "Teilen!!", "Hier:",
                 "Unfassbar 😡", "Schaut mal", "Wow", "Endlich sagt es einer", "🔥🔥", "Genau so",
                 "Wichtig", "Bitte verbreiten", "So sieht es aus"]
REPEATED_TEXT = ("Die Regierung hat uns belogen, die Energiepreise steigen weiter und niemand "
                 "übernimmt Verantwortung. Wacht endlich auf!")


@dataclass(frozen=True)
class ActivitySet:
    """A day of posts (originals, retweets, replies, link shares) with planted campaigns."""

    posts: tuple[Post, ...]
    campaigns: dict[str, frozenset[str]]
    """Campaign kind → the handles of its accounts."""
    news_crowd: frozenset[str]
    """Accounts that retweeted news accounts (organic)."""
    fans: frozenset[str]
    """K-pop fans retweeting news about their group (organic)."""
    organic: frozenset[str]
    """Every account not in a campaign."""


class _Day:
    """Collects rows for one generated day; ids in order of creation."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[dict[str, object]] = []
        self.created: dict[str, datetime] = {}
        self.used: set[str] = set()
        self.next_id = 1768400000000000000

    def account(self, handle: str, young: bool = False) -> str:
        if handle not in self.created:
            days = self.rng.uniform(2, 25) if young else self.rng.uniform(200, 4000)
            self.created[handle] = DAY_START - timedelta(days=days)
            self.used.add(handle)
        return handle

    def post(self, author: str, text: str, at: float, **refs: object) -> str:
        self.next_id += 1
        post_id = str(self.next_id)
        self.rows.append({"id": post_id, "author": author, "text": text, "at": at, **refs})
        return post_id

    def retweet(self, author: str, original: dict[str, object], at: float) -> None:
        text = f"RT @{original['author']}: {original['text']}"
        if len(text) > 140:  # X API v2 cuts retweet text, mid-link where it falls
            text = text[:139] + "…"
        self.post(author, text, at, repost_of=original["id"])


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


def _tco(rng: random.Random) -> str:
    return "https://t.co/" + "".join(rng.choice(string.ascii_letters + string.digits)
                                     for _ in range(10))


def _news(day: _Day, scale: float) -> tuple[list[dict[str, object]], set[str]]:
    """News accounts posting all day; each post retweeted by a crowd of followers."""
    rng = day.rng
    readers = [organic_handle(rng, day.used) for _ in range(int(3000 * scale) or 50)]
    weights = [rng.paretovariate(1.2) for _ in readers]  # a few retweet everything
    originals: list[dict[str, object]] = []
    crowd: set[str] = set()
    for account in NEWS_ACCOUNTS:
        day.account(account)
        for _ in range(max(2, round(24 * scale))):
            at = rng.uniform(0, DAY - 3600)
            slug = rng.randrange(10**5)
            url = f"https://www.{account.lower()}.de/meldung/{slug}.html"
            text = f"{rng.choice(HEADLINES)} {_tco(rng)}"
            day.post(account, text, at, urls=(url,))
            originals.append(day.rows[-1])
            size = min(1500, int(_lognormal(rng, 40, 1.0)))
            for handle in dict.fromkeys(rng.choices(readers, weights, k=size)):
                day.account(handle)
                crowd.add(handle)
                day.retweet(handle, originals[-1], at + _lognormal(rng, 480, 1.1))
            for _ in range(int(_lognormal(rng, 6, 0.9))):
                text, urls = organic_text(rng)
                day.post(day.account(rng.choice(readers)), text,
                         at + _lognormal(rng, 900, 1.2), reply_to=originals[-1]["id"], urls=urls)
    return originals, crowd


def _fans(day: _Day, scale: float) -> set[str]:
    """A fandom retweeting every news post about its group within minutes, and cheering."""
    rng = day.rng
    fans: list[str] = []
    while len(fans) < max(20, int(600 * scale)):
        shape = rng.random()
        if shape < 0.1:  # stan accounts with long digit tails look machine-made
            handle = f"lyte{rng.randint(10**5, 10**7)}"
        elif shape < 0.5:
            handle = f"{rng.choice(FAN_WORDS)}_{rng.choice(FAN_WORDS)}{rng.randint(0, 99)}"
        else:
            handle = f"{rng.choice(FAN_WORDS)}{rng.choice(FIRST).lower()}{rng.randint(90, 9999)}"
        if handle not in day.used:
            fans.append(day.account(handle, young=rng.random() < 0.15))
    day.account(KPOP_NEWS)
    for headline in KPOP_HEADLINES:
        at = rng.uniform(0, DAY - 3600)
        day.post(KPOP_NEWS, f"{headline} {_tco(rng)}", at,
                 urls=(f"https://www.seoulbeat.example/news/{rng.randrange(10**5)}",))
        original = day.rows[-1]
        for fan in fans:
            if rng.random() < 0.75:
                day.retweet(fan, original, at + _lognormal(rng, 150, 0.9))
            if rng.random() < 0.12:
                day.post(fan, rng.choice(FAN_TEXTS), at + _lognormal(rng, 300, 1.0),
                         reply_to=original["id"])
    return set(fans)


def _sharing(day: _Day, scale: float, readers: Sequence[str]) -> None:
    """People sharing the same articles in their own words, any time of day."""
    rng = day.rng
    for url in NEWS * 5:
        for _ in range(int(_lognormal(rng, 12, 0.8) * scale) + 1):
            own = rng.random() < 0.5
            text = _opinion(rng, rng.random() < 0.6) if own else rng.choice(NEWS_TEXT)
            day.post(day.account(rng.choice(readers)), f"{text} {url}", rng.uniform(0, DAY),
                     urls=(url,))


def _campaign(day: _Day, kind: str, size: int, targets: Sequence[dict[str, object]],
              rounds: int) -> set[str]:
    """One planted campaign of ``kind``: the same group doing the same thing within a minute,
    round after round. Half the accounts have machine-made handles, none is young: only the
    network gives them away."""
    rng = day.rng
    group = [day.account(bot_handle(rng, day.used) if i % 2 else organic_handle(rng, day.used))
             for i in range(size)]
    if kind == "co-retweet":
        day.account(AMPLIFIED)
        for text in AMPLIFIED_TEXT[:rounds]:
            at = rng.uniform(0, DAY - 3600)
            day.post(AMPLIFIED, f"{text} {_tco(rng)}", at)
            original = day.rows[-1]
            start = at + rng.uniform(20, 600)
            for bot in group:
                if rng.random() < 0.85:
                    day.retweet(bot, original, start + rng.uniform(0, 40))
            for _ in range(rng.randint(0, 4)):  # a few real people retweet it too, later
                day.retweet(day.account(organic_handle(rng, day.used)), original,
                            at + _lognormal(rng, 3600, 1.0))
        for bot in group:  # camouflage: news retweeted at their own pace
            for original in rng.sample(list(targets), 3):
                day.retweet(bot, original, float(original["at"]) + _lognormal(rng, 900, 1.0))  # type: ignore[arg-type]
    elif kind == "co-link":
        for video in VIDEO_IDS[:rounds]:
            url = f"https://www.youtube.com/watch?v={video}"
            start = rng.uniform(0, DAY - 600)
            for bot in group:
                if rng.random() < 0.85:
                    day.post(bot, f"{rng.choice(LINK_COMMENTS)} {url}", start + rng.uniform(0, 30),
                             urls=(url,))
    elif kind == "co-reply":
        for original in rng.sample(list(targets), min(rounds, len(targets))):
            start = float(original["at"]) + rng.uniform(60, 900)  # type: ignore[arg-type]
            for bot in group:
                if rng.random() < 0.85:
                    day.post(bot, _opinion(rng, rng.random() < 0.6), start + rng.uniform(0, 50),
                             reply_to=original["id"])
    elif kind == "co-text":
        for _ in range(rounds):
            start = rng.uniform(0, DAY - 600)
            for bot in group:
                if rng.random() < 0.85:
                    day.post(bot, REPEATED_TEXT, start + rng.uniform(0, 55))
    else:
        raise ValueError(f"unknown campaign kind {kind!r}")
    return set(group)


def generate_activity(
    seed: int, *, rows: int = 20_000, campaigns: Sequence[str] = CAMPAIGN_KINDS, bots: int = 12,
    rounds: int = 6,
) -> ActivitySet:
    """A day of about ``rows`` posts: news crowds, a K-pop fandom, link sharing, opinions,
    and one planted campaign of ``bots`` accounts per kind in ``campaigns``."""
    rng = random.Random(seed)
    day = _Day(rng)
    scale = rows / 20_000
    originals, crowd = _news(day, scale)
    fans = _fans(day, scale)
    readers = sorted(crowd) or [organic_handle(rng, day.used)]
    _sharing(day, scale, readers)
    planted = {kind: _campaign(day, kind, bots, originals, rounds) for kind in campaigns}
    while len(day.rows) < rows:  # opinions of people outside any crowd
        text, urls = organic_text(rng)
        day.post(day.account(organic_handle(rng, day.used)), text, rng.uniform(0, DAY),
                 urls=urls)
    day.rows.sort(key=lambda row: float(row["at"]))  # type: ignore[arg-type]
    posts = tuple(
        Post(
            str(row["text"]), line, author=str(row["author"]), post_id=str(row["id"]),
            created_at=_iso(DAY_START + timedelta(seconds=float(row["at"]))),  # type: ignore[arg-type]
            author_created_at=_iso(day.created[str(row["author"])]),
            reply_to=row.get("reply_to"), repost_of=row.get("repost_of"),  # type: ignore[arg-type]
            urls=tuple(row.get("urls", ())),  # type: ignore[arg-type]
        )
        for line, row in enumerate(day.rows, start=1)
    )
    bots_all = set().union(*planted.values()) if planted else set()
    authors = {p.author for p in posts if p.author}
    return ActivitySet(
        posts,
        {kind: frozenset(handles) for kind, handles in planted.items()},
        frozenset(crowd - bots_all),
        frozenset(fans - bots_all),
        frozenset(authors - bots_all),
    )


# --------------------------------------------------------------------------- writers


def to_csv(replies: Sequence[Post]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "author", "text", "created_at", "author_created_at", "in_reply_to",
                     "urls"])
    for r in replies:
        writer.writerow([r.post_id, r.author, r.text, r.created_at, r.author_created_at,
                         r.reply_to or "", " ".join(r.urls)])
    return out.getvalue()


def to_coordination_csv(replies: Sequence[Post]) -> str:
    """The QUT coordination-network toolkit's columns; timestamps in Unix seconds."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message",
                     "timestamp", "urls"])
    for r in replies:
        moment = datetime.fromisoformat((r.created_at or "").replace("Z", "+00:00"))
        user_id = zlib.crc32((r.author or "").encode())
        writer.writerow([r.post_id, user_id, r.author, r.repost_of or "", r.reply_to or "",
                         r.text, int(moment.timestamp()), " ".join(r.urls)])
    return out.getvalue()


def to_x_api_v2(replies: Sequence[Post]) -> str:
    """One X API v2 answer; an author's user id is the account's own (``_x_user_id``), the
    same on every page, as X gives it."""
    users: dict[str, dict[str, str]] = {}
    data = []
    for r in replies:
        user = users.setdefault(r.author or "", {
            "id": _x_user_id(r.author), "username": r.author or "",
            "name": r.display_name or r.author or "", "created_at": r.author_created_at or ""})
        tweet: dict[str, object] = {"id": r.post_id, "text": r.text, "author_id": user["id"],
                                    "conversation_id": r.reply_to or r.post_id,
                                    "created_at": r.created_at}
        refs = [("replied_to", r.reply_to), ("retweeted", r.repost_of), ("quoted", r.quote_of)]
        if any(ref for _, ref in refs):
            tweet["referenced_tweets"] = [{"type": t, "id": ref} for t, ref in refs if ref]
        if r.urls:
            tweet["entities"] = {"urls": [{"url": u, "expanded_url": u} for u in r.urls]}
        data.append(tweet)
    body = {"data": data, "includes": {"users": list(users.values())},
            "meta": {"result_count": len(data)}}
    return json.dumps(body, ensure_ascii=False, indent=1)


def _x_user_id(author: str | None) -> str:
    """A user id of 64 bits, as X's are: a hundred thousand handles never share one (two
    handles of one id are one account to a reader of the pages)."""
    digest = hashlib.blake2b((author or "").encode(), digest_size=8).digest()
    return str(int.from_bytes(digest, "big") >> 1)


def to_x_api_v2_pages(posts: Sequence[Post], per_page: int = 100) -> str:
    """JSON Lines of X API v2 search pages, as ``twarc2 search`` saves them."""
    return "".join(
        json.dumps(json.loads(to_x_api_v2(posts[start : start + per_page])),
                   ensure_ascii=False) + "\n"
        for start in range(0, len(posts), per_page)
    )


def _user_id(author: str | None) -> int:
    return 1000 + zlib.crc32((author or "").encode()) % 10**9


def to_snscrape(posts: Sequence[Post]) -> str:
    """snscrape's JSON Lines (``twitter-search --jsonl``), one Tweet a line: an author's first
    tweet carries the full ``User``, the later ones only a ``UserRef`` (as 0.7 writes one
    where X sent no user), so that the reader carries the users from line to line."""
    shown: set[str] = set()
    out = []
    for r in posts:
        uid = _user_id(r.author)
        user: dict[str, object] = {"_type": "snscrape.modules.twitter.UserRef", "id": uid}
        if r.author not in shown:
            shown.add(r.author or "")
            user = {"_type": "snscrape.modules.twitter.User", "username": r.author, "id": uid,
                    "displayname": r.display_name or r.author, "created": r.author_created_at}
        links = [{"_type": "snscrape.modules.twitter.TextLink", "text": u, "url": u,
                  "tcourl": None, "indices": None} for u in r.urls]
        out.append(json.dumps({
            "_type": "snscrape.modules.twitter.Tweet", "id": int(r.post_id or 0),
            "url": f"https://twitter.com/{r.author}/status/{r.post_id}", "date": r.created_at,
            "rawContent": r.text, "user": user, "conversationId": int(r.reply_to or r.post_id
                                                                      or 0),
            "inReplyToTweetId": int(r.reply_to) if r.reply_to else None, "links": links or None,
            "retweetedTweet": None, "quotedTweet": None}, ensure_ascii=False) + "\n")
    return "".join(out)


def to_youtube_api(posts: Sequence[Post], per_page: int = 20) -> str:
    """The YouTube Data API's ``comments.list`` answers, one page a line (20 comments, the
    API's default ``maxResults``; ``--per-page 100``, its most, makes lines longer than
    ``bots`` reads ahead): the first post is the top comment, the others its replies
    (``parentId``)."""
    top = f"Ugz{posts[0].post_id}" if posts else ""

    def comment(r: Post) -> dict[str, object]:
        own = f"Ugz{r.post_id}"
        snippet: dict[str, object] = {
            "authorDisplayName": f"@{r.author}", "authorChannelId": {
                "value": f"UC{_user_id(r.author):022d}"},
            "textOriginal": " ".join([r.text, *r.urls]), "publishedAt": r.created_at,
            "updatedAt": r.created_at}
        if own != top:
            snippet["parentId"] = top
            own = f"{top}.{r.post_id}"
        return {"kind": "youtube#comment", "id": own, "snippet": snippet}

    return "".join(
        json.dumps({"kind": "youtube#commentListResponse",
                    "items": [comment(r) for r in posts[start : start + per_page]]},
                   ensure_ascii=False) + "\n"
        for start in range(0, len(posts), per_page))


def to_telethon(posts: Sequence[Post]) -> str:
    """Telethon messages of a discussion group (``Message.to_dict()``), one a line, newest
    first as ``iter_messages`` gives them: every reply comes before the message it answers."""
    numbers = {r.post_id: n for n, r in enumerate(posts, 1)}
    out = []
    for n, r in reversed(list(enumerate(posts, 1))):
        message: dict[str, object] = {
            "_": "Message", "id": n, "peer_id": {"_": "PeerChannel", "channel_id": 1777000111},
            "date": (r.created_at or "").replace("Z", "+00:00"),
            "message": " ".join([r.text, *r.urls]),
            "from_id": {"_": "PeerUser", "user_id": _user_id(r.author)}, "entities": []}
        if r.reply_to in numbers:
            message["reply_to"] = {"_": "MessageReplyHeader",
                                   "reply_to_msg_id": numbers[r.reply_to]}
        out.append(json.dumps(message, ensure_ascii=False) + "\n")
    return "".join(out)


def to_bluesky(posts: Sequence[Post]) -> str:
    """Bluesky feed items one a line (``getAuthorFeed``'s ``feed[]`` saved without their
    pages: ``{"post": postView}``): each account one DID, a reply's ``record.reply`` pointing
    at the post it answers by its ``at://`` URI, links as the text's ``app.bsky.richtext``
    facets."""
    def did(author: str | None) -> str:
        return f"did:plc:{_user_id(author):024d}"

    def uri(r: Post | None, post_id: str | None) -> str:
        author = r.author if r is not None else None
        return f"at://{did(author)}/app.bsky.feed.post/3l{post_id}"

    by_id = {r.post_id: r for r in posts}
    out = []
    for r in posts:
        body = " ".join([r.text, *r.urls])
        facets, at = [], len(r.text.encode()) + 1
        for link in r.urls:
            end = at + len(link.encode())
            facets.append({"index": {"byteStart": at, "byteEnd": end}, "features": [
                {"$type": "app.bsky.richtext.facet#link", "uri": link}]})
            at = end + 1
        record: dict[str, object] = {"$type": "app.bsky.feed.post", "text": body,
                                     "createdAt": r.created_at, "langs": ["en"]}
        if facets:
            record["facets"] = facets
        if r.reply_to:
            parent = {"cid": "bafyreifake", "uri": uri(by_id.get(r.reply_to), r.reply_to)}
            record["reply"] = {"parent": parent, "root": parent}
        view = {"$type": "app.bsky.feed.defs#postView", "uri": uri(r, r.post_id),
                "cid": "bafyreifake", "author": {
                    "did": did(r.author), "handle": f"{r.author}.bsky.social",
                    "displayName": r.display_name or r.author, "labels": [],
                    "createdAt": r.author_created_at},
                "record": record, "replyCount": 0, "repostCount": 0, "likeCount": 0,
                "indexedAt": r.created_at, "labels": []}
        out.append(json.dumps({"post": view}, ensure_ascii=False) + "\n")
    return "".join(out)


WRITERS = {"csv": to_csv, "coordination": to_coordination_csv, "x-api-v2": to_x_api_v2,
           "x-api-v2-pages": to_x_api_v2_pages, "snscrape": to_snscrape,
           "youtube-api": to_youtube_api, "telethon": to_telethon,
           "bluesky": to_bluesky}
PAGED = {"x-api-v2-pages": to_x_api_v2_pages, "youtube-api": to_youtube_api}
"""The formats of one page of posts a line, by how many posts a page holds."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--organic", type=int, default=1000)
    parser.add_argument("--bots", type=int, default=12)
    parser.add_argument("--campaigns", type=int, default=1)
    parser.add_argument("--stealth", action="store_true", help="bought accounts, spread times")
    parser.add_argument("--format", choices=sorted(WRITERS), default="csv")
    parser.add_argument("--per-page", type=int, default=None, metavar="N",
                        help="posts a line of the paged formats (x-api-v2-pages: 100, "
                             "youtube-api: 20)")
    parser.add_argument("-o", "--output", type=Path, default=None)
    parser.add_argument("--truth", type=Path, default=None, help="write bot handles here")
    parser.add_argument("--activity", type=int, default=0, metavar="ROWS",
                        help="a day of activity of about ROWS posts instead of a reply set")
    parser.add_argument("--kinds", default=",".join(CAMPAIGN_KINDS),
                        help="campaign kinds planted in --activity (comma-separated, or none)")
    args = parser.parse_args()
    if args.activity:
        kinds = [k for k in args.kinds.split(",") if k and k != "none"]
        day = generate_activity(args.seed, rows=args.activity, campaigns=kinds, bots=args.bots)
        posts, bots = day.posts, frozenset().union(*day.campaigns.values())
    else:
        result = generate(args.seed, organic=args.organic, bots=args.bots,
                          campaigns=args.campaigns, stealth=args.stealth)
        posts, bots = result.replies, result.bots
    if args.per_page and args.format in PAGED:
        text = PAGED[args.format](posts, args.per_page)
    else:
        text = WRITERS[args.format](posts)
    if args.output:
        args.output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    if args.truth:
        args.truth.write_text("".join(f"{h}\n" for h in sorted(bots)), "utf-8")


if __name__ == "__main__":
    main()
