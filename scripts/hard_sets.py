"""Hard sets for ``threadscope bots``: real crowds that look coordinated, and bots that hide.

Writes ``fixtures/bots/hard/NAME.jsonl`` (X API v2 pages, one a line, as ``twarc2`` saves
them) or ``NAME.csv`` (the QUT coordination-network-toolkit's CSV), each with
``NAME.truth.tsv``: its first line says what the set is, then one bot handle a line (none
for a hard negative). ``eval_bots.py --hard`` measures precision, recall and false positives
per set; ``tests/bots/test_hard_sets.py`` holds the detector to them.

Hard negatives (no account is a bot; every account flagged is a false positive):

- ``broadcaster_retweets``: @tagesschau's posts of a day, each retweeted by hundreds of its
  followers within minutes (a third of them kept the handle X proposed at sign-up).
- ``celebrity_congrats``: fans replying "congrats!" to a singer's award post, most within
  ten minutes, many with the same heartfelt sentences, most with proposed handles, some
  new stan accounts.
- ``newsroom_staff``: a newsroom's staff sharing their own articles, all day: retweets of
  the outlet's post and the article link with words of their own, minutes after it is up
  (a QUT CSV).
- ``activist_storm``: a "Twitterstorm" by real activists: at the agreed hour, hundreds post
  the organisers' suggested texts (with their own edits) and the same petition link.
- ``viral_quote``: people quoting a politician's viral sentence word for word, each with a
  short comment of their own, over an afternoon.
- ``fan_notifications``: a singer's six posts of a day, each answered by hundreds of fans;
  forty of them have notifications on and answer nearly every post within a minute or two,
  eight racing to be first within seconds (the guard for ``team-in-crowd``: a team's bursts
  inside crowds are what such fans show too, so they are never enough alone).

Hard positives (the truth file names the bots):

- ``copypasta_edits``: a template reply with small edits (typos, a word swapped, punctuation)
  from human-looking accounts created the same day, replying within seconds of each other.
- ``invisible_variation``: the same text made to look different: zero-width characters
  inside words, Cyrillic look-alike letters, a different emoji each time.
- ``link_rotation``: each bot a different look-alike domain of the same outlet, a different
  stock sentence each, accounts created the same day, replies within a minute.
- ``campaign_among_fans``: a giveaway scam's copy-pasta from accounts created the same
  day, within a minute of each other, among the fans of ``celebrity_congrats`` (whose fast
  replies and proposed handles are no mark of anyone there).
- ``reply_squad``: accounts created the same day answering every post of a politician
  within seconds of each other, each time in different words (co-reply), hidden in the
  organic replies those posts draw.

Everything is drawn from ``random.Random(seed)`` per set: the same run writes the same files.
These sets are written by the hand that tunes the detector (see ``eval_bots.py``): they say
that the shapes named are handled, not how often the field holds them.

Run: ``python scripts/hard_sets.py [--out fixtures/bots/hard]``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_replies import FIRST, LAST, WORDS, to_coordination_csv, to_x_api_v2_pages  # noqa: E402

from threadscope.models import Post  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2024, 5, 20, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class HardSet:
    name: str
    about: str
    posts: tuple[Post, ...]
    bots: frozenset[str]
    form: str = "x-api-v2"
    """``x-api-v2`` (pages, JSON Lines) or ``coordination`` (the QUT CSV)."""


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class Maker:
    """Ids, handles and account ages for one set, from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()
        self.next_id = 1_792_000_000_000_000_000 + seed * 10_000_000
        self.created: dict[str, datetime] = {}

    def post_id(self) -> str:
        self.next_id += self.rng.randint(1, 4000)
        return str(self.next_id)

    def person(self, proposed: float = 0.3, young: float = 0.03) -> str:
        """A real person's handle: ``proposed`` of them kept the one X proposed at sign-up
        (a name plus 8 digits), ``young`` of them joined in the last weeks."""
        rng = self.rng
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if rng.random() < proposed:
                handle = f"{first}{last}{rng.randint(10**7, 10**8 - 1)}"
            else:
                handle = rng.choice([
                    f"{first.lower()}_{last.lower()}",
                    f"{first}{last[0]}{rng.randint(70, 99)}",
                    f"{rng.choice(WORDS)}{rng.choice(WORDS)}",
                    f"{first.lower()}_{rng.choice(WORDS)}",
                    f"{last}{rng.randint(1950, 2005)}",
                    f"{rng.choice(WORDS)}_{last.lower()}",
                ])
            if handle not in self.used:
                self.used.add(handle)
                days = rng.uniform(2, 28) if rng.random() < young else rng.uniform(200, 5000)
                self.created[handle] = START - timedelta(days=days)
                return handle

    def named(self, handle: str, created: datetime) -> str:
        self.used.add(handle)
        self.created[handle] = created
        return handle

    def post(self, author: str, text: str, at: datetime, *, reply_to: str | None = None,
             repost_of: str | None = None, quote_of: str | None = None,
             urls: tuple[str, ...] = (), display_name: str | None = None) -> Post:
        return Post(text, 0, author=author, created_at=iso(at),
                    author_created_at=iso(self.created[author]), post_id=self.post_id(),
                    reply_to=reply_to, repost_of=repost_of, quote_of=quote_of, urls=urls,
                    display_name=display_name)

    def after(self, at: datetime, median_minutes: float, sigma: float = 1.0) -> datetime:
        """A person's delay: log-normal, most soon, some much later."""
        return at + timedelta(minutes=self.rng.lognormvariate(0, sigma) * median_minutes)


def human_edit(text: str, rng: random.Random) -> str:
    """What people do to a sentence they type or paste: case, punctuation, an emoji."""
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.3:
        text = text.rstrip("!.") + rng.choice(["!!", "!!!", ".", " 🥹", " 💜💜", ""])
    if rng.random() < 0.3:
        text = f"{text} {rng.choice(['😭', '💜', '🎉', '👏👏', '🔥', '✨'])}"
    return text


def ordered(posts: Sequence[Post]) -> tuple[Post, ...]:
    """By time, numbered by line, as a search's pages give them."""
    found = sorted(posts, key=lambda p: p.created_at or "")
    return tuple(replace(p, line=n) for n, p in enumerate(found, start=1))


# --------------------------------------------------------------------------- hard negatives


HEADLINES = [
    "Bundestag beschließt Haushalt 2025 nach langer Debatte",
    "Unwetter in Süddeutschland: Pegel steigen weiter",
    "EU-Gipfel einigt sich auf neues Asylpaket",
    "Bahnstreik: Einigung zwischen GDL und Bahn",
    "Inflation sinkt im Mai auf 2,2 Prozent",
    "DFB-Team gewinnt Testspiel gegen Griechenland",
]


def broadcaster_retweets(seed: int) -> HardSet:
    make = Maker(seed)
    outlet = make.named("tagesschau", START - timedelta(days=5000))
    followers = [make.person(proposed=0.35, young=0.05) for _ in range(1500)]
    posts: list[Post] = []
    for number, headline in enumerate(HEADLINES):
        at = START + timedelta(hours=2 * number, minutes=make.rng.uniform(0, 30))
        original = make.post(outlet, f"{headline} https://t.co/{number}Xq7Ld", at,
                             urls=(f"https://www.tagesschau.de/inland/meldung-{number}.html",))
        posts.append(original)
        for follower in make.rng.sample(followers, make.rng.randint(250, 600)):
            posts.append(make.post(follower, f"RT @{outlet}: {headline}",
                                   make.after(at, 4, 1.2), repost_of=original.post_id))
    return HardSet("broadcaster_retweets", "@tagesschau's posts of a day, each retweeted by "
                   "hundreds of its followers within minutes", ordered(posts), frozenset())


FAN_PHRASES = [
    "Congratulations, you deserve every single bit of this, we love you so much",
    "I am so proud of you, you deserve all the happiness in the world",
    "Congratulations to the most talented artist of our generation, so deserved",
    "This is the best night ever for us fans, thank you for everything",
    "You worked so hard for this and it shows, congratulations queen",
]
FAN_SHORT = ["congrats!!", "CONGRATULATIONS 😭💜", "so deserved", "YESSSS", "QUEEN 👑",
             "congrats love", "omg yes", "😭😭😭", "proud of you", "MOTHER"]
FAN_OWN = [
    "I've been listening since {year} and I cried watching this, {name} you did it",
    "my mom and I watched it together, she says congrats too {emoji}",
    "the speech!!! {name} thanking the fans first, I'm not okay",
    "saw you in {city} last summer and knew this was coming, congrats",
]


def fan_replies(make: Maker) -> tuple[Post, list[Post]]:
    """A singer's award post and the replies of 650 fans, most within minutes."""
    rng = make.rng
    star = make.named("luna_sings", START - timedelta(days=3000))
    at = START + timedelta(hours=12)
    original = make.post(star, "WE WON ALBUM OF THE YEAR!!! thank you for everything, I love "
                         "you all 💜", at)
    posts = [original]
    fans = [make.person(proposed=0.6, young=0.15) for _ in range(700)]
    for fan in rng.sample(fans, 650):
        shape = rng.random()
        if shape < 0.35:
            text = rng.choice(FAN_SHORT)
        elif shape < 0.8:
            text = human_edit(rng.choice(FAN_PHRASES), rng)
        else:
            text = rng.choice(FAN_OWN).format(year=rng.randint(2012, 2020), name="Luna",
                                              emoji=rng.choice("💜🎉✨"),
                                              city=rng.choice(["Berlin", "Lyon", "Leeds"]))
        posts.append(make.post(fan, f"@{star} {text}", make.after(at, 3, 1.0),
                               reply_to=original.post_id))
    return original, posts


def celebrity_congrats(seed: int) -> HardSet:
    _, posts = fan_replies(Maker(seed))
    return HardSet("celebrity_congrats", "fans replying congrats to a singer's award post, "
                   "most within minutes, many with the same sentences", ordered(posts),
                   frozenset())


STAR_POSTS = ["new single out at midnight, are you ready?? 💜", "rehearsal day, see you in Berlin",
              "thank you for 10M 😭", "a little surprise for you tonight", "tour dates tomorrow 👀",
              "good morning from Lyon ☀️"]
NOTIFIED = 40
"""Fans with notifications on for the star: they answer nearly every post within a minute or
two, each at a pace of their own."""
FIRSTS = 8
"""Of them, the fans who race to be first: within seconds, every time."""


def fan_notifications(seed: int) -> HardSet:
    make = Maker(seed)
    rng = make.rng
    star = make.named("luna_sings", START - timedelta(days=3000))
    fans = [make.person(proposed=0.6, young=0.15) for _ in range(900)]
    pace = {fan: rng.uniform(4, 20) if number < FIRSTS else rng.uniform(15, 90)
            for number, fan in enumerate(fans[:NOTIFIED])}  # seconds, a fan's own
    posts: list[Post] = []
    for number, text in enumerate(STAR_POSTS):
        at = START + timedelta(hours=1 + 2.5 * number, minutes=rng.uniform(0, 30))
        original = make.post(star, text, at)
        posts.append(original)
        for fan, seconds in pace.items():
            if rng.random() < 0.9:
                when = at + timedelta(seconds=seconds * rng.lognormvariate(0, 0.5))
                posts.append(make.post(fan, f"@{star} {human_edit(rng.choice(FAN_SHORT), rng)}",
                                       when, reply_to=original.post_id))
        for fan in rng.sample(fans[NOTIFIED:], rng.randint(150, 300)):
            posts.append(make.post(fan, f"@{star} {human_edit(rng.choice(FAN_SHORT), rng)}",
                                   make.after(at, 5, 1.0), reply_to=original.post_id))
    return HardSet("fan_notifications", "a singer's six posts of a day, each answered by "
                   "hundreds of fans; forty with notifications on answer nearly every post "
                   "within a minute or two, eight of them racing to be first within seconds",
                   ordered(posts), frozenset())


ARTICLES = [
    ("Wie die Wärmepumpe aufs Land kommt", "wirtschaft/2024-05/waermepumpe-land"),
    ("Der lange Weg zur Bahnreform", "mobilitaet/2024-05/bahnreform"),
    ("Was die Kommunalwahl in Thüringen entscheidet", "politik/2024-05/thueringen-wahl"),
    ("Eine Schule ohne Noten", "gesellschaft/2024-05/schule-ohne-noten"),
    ("Warum die Mieten in Leipzig steigen", "wirtschaft/2024-05/mieten-leipzig"),
]
STAFF_WORDS = ["Mein Text heute:", "Lange recherchiert, jetzt online:", "Lesenswert, von "
               "meiner Kollegin:", "Unser Stück dazu:", "Mit viel Liebe gemacht:"]


def newsroom_staff(seed: int) -> HardSet:
    make = Maker(seed)
    rng = make.rng
    outlet = make.named("zeitonline", START - timedelta(days=5200))
    staff = [make.named(f"{rng.choice(FIRST).lower()}_{last.lower()}_zeit",
                        START - timedelta(days=rng.uniform(900, 4000)))
             for last in LAST[:10]]
    readers = [make.person(proposed=0.3) for _ in range(400)]
    posts: list[Post] = []
    for number, (title, path) in enumerate(ARTICLES):
        at = START + timedelta(hours=1 + 2.5 * number)
        url = f"https://www.zeit.de/{path}"
        original = make.post(outlet, f"{title} https://t.co/z{number}Kp", at, urls=(url,))
        posts.append(original)
        for person in staff:  # the newsroom: most retweet, some share the link themselves
            when = make.after(at, 3, 0.9)
            if rng.random() < 0.6:
                posts.append(make.post(person, f"RT @{outlet}: {title}", when,
                                       repost_of=original.post_id))
            else:
                posts.append(make.post(person, f"{rng.choice(STAFF_WORDS)} {title} {url}",
                                       when, urls=(url,)))
        for reader in rng.sample(readers, rng.randint(40, 90)):
            when = make.after(at, 12, 1.3)
            if rng.random() < 0.7:
                posts.append(make.post(reader, f"RT @{outlet}: {title}", when,
                                       repost_of=original.post_id))
            else:
                posts.append(make.post(reader, f"{title} {url}", when, urls=(url,)))
    return HardSet("newsroom_staff", "a newsroom's staff sharing their own articles all day, "
                   "minutes after each is up, among readers doing the same", ordered(posts),
                   frozenset(), form="coordination")


STORM_TEXTS = [
    "Die Geburtsstation in Husum muss bleiben! Wir brauchen eine sichere Geburtshilfe auf dem "
    "Land #GeburtshilfeRetten",
    "Keine Frau sollte 80 Kilometer bis zum nächsten Kreißsaal fahren müssen. "
    "#GeburtshilfeRetten #Husum",
    "Hebammen schlagen Alarm und die Politik schaut zu. Jetzt unterschreiben "
    "#GeburtshilfeRetten",
    "Gute Geburtshilfe ist Daseinsvorsorge und kein Luxus für die Stadt #GeburtshilfeRetten",
]
PETITION = "https://www.openpetition.de/petition/online/geburtsstation-husum-erhalten"


def activist_storm(seed: int) -> HardSet:
    make = Maker(seed)
    rng = make.rng
    activists = [make.person(proposed=0.25, young=0.04) for _ in range(260)]
    at = START + timedelta(hours=10)  # the storm: 18:00, announced for days
    posts: list[Post] = []
    for person in activists:
        for text in rng.sample(STORM_TEXTS, rng.choice((1, 1, 2, 3))):
            if rng.random() < 0.4:
                text = human_edit(text, rng)
            if rng.random() < 0.3:
                text += rng.choice([" #Hebammen", " #Nordfriesland", " @NDRsh", " Bitte teilen!"])
            urls = (PETITION,) if rng.random() < 0.6 else ()
            shown = f"{text} {PETITION}" if urls else text
            posts.append(make.post(person, shown, make.after(at, 5, 0.9), urls=urls))
    return HardSet("activist_storm", "a Twitterstorm: at the agreed hour, hundreds of "
                   "activists post the organisers' suggested texts and a petition link",
                   ordered(posts), frozenset())


SENTENCE = "„Wer arbeitet, darf am Ende des Monats nicht ärmer sein als vorher“"
QUOTE_COMMENTS = ["", "Wow.", "Genau das.", "Hat er das wirklich gesagt?", "Unfassbar",
                  "Endlich sagt es mal einer", "Und dann?", "Ja klar 🙄", "Merken wir uns.",
                  "Das wird er noch bereuen", "Zitat des Tages", "👏", "Sehr gut"]


def viral_quote(seed: int) -> HardSet:
    make = Maker(seed)
    rng = make.rng
    politician = make.named("minister_arbeit", START - timedelta(days=2500))
    at = START + timedelta(hours=5)
    original = make.post(politician, f"{SENTENCE} – meine Rede heute im Bundestag.", at)
    posts = [original]
    people = [make.person(proposed=0.35, young=0.05) for _ in range(450)]
    for person in rng.sample(people, 420):
        comment = rng.choice(QUOTE_COMMENTS)
        quote = SENTENCE if rng.random() < 0.7 else SENTENCE.strip("„“")
        text = f"{quote} {comment}".strip() if rng.random() < 0.6 else f"{comment} {quote}"
        posts.append(make.post(person, text.strip(), make.after(at, 25, 1.4),
                               quote_of=original.post_id))
    return HardSet("viral_quote", "people quoting a politician's viral sentence word for word "
                   "with a comment of their own, over an afternoon", ordered(posts), frozenset())


# --------------------------------------------------------------------------- hard positives


TARGET_TEXT = "Heute im Bundestag: Wir erhöhen den Mindestlohn zum 1. Januar auf 14 Euro."
ORGANIC_REPLIES = [
    "Endlich! Das war überfällig.", "Reicht immer noch nicht zum Leben in München.",
    "Und wer zahlt das am Ende? Die kleinen Betriebe.", "Danke!", "Gute Nachricht 👍",
    "Was ist mit den Minijobs?", "Ich arbeite in der Pflege und merke davon nichts.",
    "Wahlkampf.", "Gilt das auch für Azubis?", "Schön, aber die Mieten steigen schneller.",
]


def organic_thread(make: Maker, at: datetime, count: int, proposed: float = 0.3,
                   ) -> tuple[Post, list[Post]]:
    """A politician's post and the replies people give it over the day."""
    target = make.named("hubertus_heil_mdb", START - timedelta(days=4000))
    original = make.post(target, TARGET_TEXT, at)
    people = [make.person(proposed=proposed) for _ in range(count)]
    replies = [make.post(person, human_edit(make.rng.choice(ORGANIC_REPLIES), make.rng),
                         make.after(at, 20, 1.5), reply_to=original.post_id)
               for person in people]
    return original, replies


def batch(make: Maker, count: int, born: datetime) -> list[str]:
    """Human-looking handles, all accounts created within hours of each other."""
    found: list[str] = []
    while len(found) < count:
        handle = f"{make.rng.choice(FIRST).lower()}_{make.rng.choice(WORDS)}"
        if handle not in make.used:
            found.append(make.named(handle, born + timedelta(hours=make.rng.uniform(0, 8))))
    return found


COPYPASTA = ("Der Mindestlohn vernichtet Arbeitsplätze im Mittelstand, das weiß jeder "
             "Handwerker in diesem Land, nur die Regierung nicht")
EDITS = [("vernichtet", "zerstört"), ("Mittelstand", "Handwerk"), ("jeder", "jeder einzelne"),
         ("in diesem Land", "hier"), ("nur die Regierung nicht", "außer der Regierung"),
         ("Arbeitsplätze", "Jobs")]


def with_typo(text: str, rng: random.Random) -> str:
    """One swapped pair of letters, as a hurried copy makes."""
    words = text.split()
    i = rng.randrange(len(words))
    word = words[i]
    if len(word) > 4:
        j = rng.randrange(1, len(word) - 2)
        words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)


@dataclass
class Planted:
    """A politician's post, the organic replies it draws, and a batch of bots to plant in
    them: what ``copypasta_edits``, ``invisible_variation`` and ``link_rotation`` share."""

    make: Maker
    original: Post
    posts: list[Post]
    bots: list[str]
    burst: datetime
    """When the bots start replying."""

    def set(self, name: str, about: str) -> HardSet:
        return HardSet(name, about, ordered([self.original, *self.posts]), frozenset(self.bots))


def planted(seed: int, hour: float, bots: int, days_old: float,
            minutes: tuple[float, float]) -> Planted:
    """300 organic replies to a post made ``hour`` hours into the day, and ``bots`` accounts
    created ``days_old`` days before it within hours of each other, to burst in ``minutes``
    (a range) after the post."""
    make = Maker(seed)
    at = START + timedelta(hours=hour)
    original, posts = organic_thread(make, at, 300)
    made = batch(make, bots, START - timedelta(days=days_old))
    burst = at + timedelta(minutes=make.rng.uniform(*minutes))
    return Planted(make, original, posts, made, burst)


def copypasta_edits(seed: int) -> HardSet:
    thread = planted(seed, 3, 14, 6, (40, 90))
    rng = thread.make.rng
    for bot in thread.bots:
        text = COPYPASTA
        for old, new in rng.sample(EDITS, 2):
            text = text.replace(old, new)
        text = human_edit(with_typo(text, rng), rng)
        thread.posts.append(thread.make.post(
            bot, f"@{thread.original.author} {text}",
            thread.burst + timedelta(seconds=rng.uniform(0, 50)),
            reply_to=thread.original.post_id))
    return thread.set("copypasta_edits", "a template reply with small edits from accounts "
                      "created the same day, within a minute of each other")


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"]
CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і"}
HIDDEN_TEXT = ("Die Wahrheit über den Mindestlohn verschweigen alle Medien, informiert euch "
               "selbst bevor es zu spät ist")


def disguised(text: str, rng: random.Random) -> str:
    """The same words made to differ: invisible characters inside words, Cyrillic look-alike
    letters, a different emoji."""
    out = []
    for word in text.split():
        if len(word) > 3 and rng.random() < 0.5:
            cut = rng.randrange(1, len(word) - 1)
            word = word[:cut] + rng.choice(INVISIBLE) + word[cut:]
        if rng.random() < 0.35:
            word = "".join(CYRILLIC.get(c, c) if rng.random() < 0.5 else c for c in word)
        out.append(word)
    return " ".join(out) + " " + rng.choice(["🔥", "‼️", "👉", "🇩🇪", "😡", "📢", "⚠️"])


GIVEAWAY = ("Luna is giving back to her fans, I just got my tickets for free, only today "
            "for the first 500 who sign up")


def campaign_among_fans(seed: int) -> HardSet:
    make = Maker(seed)
    rng = make.rng
    original, posts = fan_replies(make)
    bots = batch(make, 12, START - timedelta(days=2))
    burst = START + timedelta(hours=12, minutes=rng.uniform(1, 6))
    for bot in bots:
        text = GIVEAWAY
        for old, new in rng.sample([("giving back to", "thanking"), ("just got", "got"),
                                    ("only today", "today only"), ("sign up", "register")], 2):
            text = text.replace(old, new)
        posts.append(make.post(bot, f"@{original.author} {human_edit(text, rng)}",
                               burst + timedelta(seconds=rng.uniform(0, 45)),
                               reply_to=original.post_id))
    return HardSet("campaign_among_fans", "a giveaway scam's copy-pasta from accounts created "
                   "the same day, within a minute, among the fans' fast replies",
                   ordered(posts), frozenset(bots))


def invisible_variation(seed: int) -> HardSet:
    thread = planted(seed, 6, 12, 9, (20, 200))
    rng = thread.make.rng
    for bot in thread.bots:
        thread.posts.append(thread.make.post(
            bot, disguised(HIDDEN_TEXT, rng), thread.burst + timedelta(seconds=rng.uniform(0, 240)),
            reply_to=thread.original.post_id))
    return thread.set("invisible_variation", "one text made to differ by zero-width characters, "
                      "Cyrillic look-alike letters and emojis")


ROTATED = ["spiegel.ltd", "spiegel.pro", "spiegel-online.cx", "spiegel.de.com", "spiegel.cam",
           "spiegel-de.info", "spiegel.tel", "derspiegel.club"]
STOCK = ["Das sollte jeder lesen:", "Unbedingt lesen!", "Die Wahrheit:", "Hier steht es:",
         "Lest selbst:", "Das verschweigen sie:"]


def link_rotation(seed: int) -> HardSet:
    thread = planted(seed, 9, 12, 3, (60, 300))
    rng = thread.make.rng
    for number, bot in enumerate(thread.bots):
        domain = ROTATED[number % len(ROTATED)]
        url = f"https://{domain}/politik/mindestlohn-{rng.randrange(10**6)}.html"
        thread.posts.append(thread.make.post(
            bot, f"{rng.choice(STOCK)} {url}", thread.burst + timedelta(seconds=rng.uniform(0, 60)),
            urls=(url,), reply_to=thread.original.post_id))
    return thread.set("link_rotation", "each bot a different look-alike of spiegel.de, a stock "
                      "sentence each, accounts created the same day, within a minute")


SQUAD_LINES = ["Lächerlich.", "Wieder nur leere Versprechen", "Rücktritt jetzt!",
               "Niemand glaubt Ihnen mehr", "Was für ein Unsinn", "Peinlich für dieses Land",
               "Sie haben keine Ahnung vom echten Leben", "Tschüss im nächsten Jahr",
               "Das ist Betrug am Bürger", "Hören Sie endlich auf"]


def reply_squad(seed: int) -> HardSet:
    make = Maker(seed)
    rng = make.rng
    target = make.named("hubertus_heil_mdb", START - timedelta(days=4000))
    people = [make.person(proposed=0.3) for _ in range(500)]
    bots = batch(make, 8, START - timedelta(days=12))
    posts: list[Post] = []
    for number in range(5):
        at = START + timedelta(hours=1 + 2 * number, minutes=rng.uniform(0, 40))
        original = make.post(target, f"{TARGET_TEXT} ({number + 1}/5)", at)
        posts.append(original)
        for person in rng.sample(people, rng.randint(60, 140)):
            posts.append(make.post(person, human_edit(rng.choice(ORGANIC_REPLIES), rng),
                                   make.after(at, 15, 1.4), reply_to=original.post_id))
        burst = at + timedelta(minutes=rng.uniform(1, 4))
        for bot in bots:
            posts.append(make.post(bot, rng.choice(SQUAD_LINES),
                                   burst + timedelta(seconds=rng.uniform(0, 40)),
                                   reply_to=original.post_id))
    return HardSet("reply_squad", "accounts created the same day answering each of five posts "
                   "within seconds of each other, in different words, among the organic "
                   "replies", ordered(posts), frozenset(bots))


SETS: tuple[tuple[Callable[[int], HardSet], int], ...] = (
    (broadcaster_retweets, 1), (celebrity_congrats, 2), (newsroom_staff, 3), (activist_storm, 4),
    (viral_quote, 5), (fan_notifications, 11), (copypasta_edits, 6), (invisible_variation, 7),
    (link_rotation, 8), (reply_squad, 9), (campaign_among_fans, 10),
)
"""Each set and its own seed (the files in ``fixtures/bots/hard``)."""


HELD_OUT = 100
"""Added to each set's own seed for its held-out variant (``held_out``): the same shapes drawn
again, run only to measure, never looked at while the rules were tuned."""


def made(held_out: bool = False) -> Iterator[HardSet]:
    """Every set, drawn with its own seed, or with that seed plus ``HELD_OUT``."""
    for make, seed in SETS:
        yield make(seed + HELD_OUT if held_out else seed)


def write(made: HardSet, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if made.form == "coordination":
        path = folder / f"{made.name}.csv"
        path.write_text(to_coordination_csv(made.posts), "utf-8")
    else:
        path = folder / f"{made.name}.jsonl"
        path.write_text(to_x_api_v2_pages(made.posts), "utf-8")
    kind = "positive" if made.bots else "negative"
    truth = "".join(f"{handle}\n" for handle in sorted(made.bots))
    (folder / f"{made.name}.truth.tsv").write_text(f"# {kind}: {made.about}\n{truth}", "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "bots" / "hard")
    parser.add_argument("--held-out", action="store_true",
                        help=f"write the held-out variants (each seed + {HELD_OUT}) instead")
    args = parser.parse_args()
    for found in made(args.held_out):
        path = write(found, args.out)
        print(f"{path.name}: {len(found.posts)} posts, {len(found.bots)} bots")


if __name__ == "__main__":
    main()
