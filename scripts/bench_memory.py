"""Peak memory of ``thread``, ``audit --offline`` and ``bots --offline`` per input shape.

Researchers bring large dumps (up to the 256 MiB input limit): an X archive's ``tweets.js``,
X API v2 response pages saved as JSON Lines, twarc2's flattened JSON Lines, CSV exports and
plain pasted text. This bench generates one input of each shape, of about ``--mb`` megabytes,
in the real shapes (the fields of ``fixtures/threads/*`` and ``fixtures/bots/*``: threads with
markers, replies by many accounts, repeated texts and links), then runs each command on it as
its own subprocess, writing its output to /dev/null:

- ``threadscope thread FILE``
- ``threadscope audit FILE --offline --format json``
- ``threadscope bots FILE --offline --format json``

and reports each process's peak resident memory (``ru_maxrss`` of that child alone, from
``os.wait4``), its CPU seconds, and the ratio peak RSS / input size. The baseline, measured in
the same run on the same file, is what merely parsing costs: a fresh Python that reads the file
and parses it the plainest way (``json.loads`` of the text, or of each line for JSON Lines, with
the archive's ``window.YTD… =`` prefix stripped; ``csv.reader`` rows for CSV; ``splitlines``
for text), keeping the parsed values. ``× parse`` is the command's peak over that baseline's.

Peak RSS does not depend much on the machine's load, but CPU time does a little; compare runs
made back to back.

Run: ``python scripts/bench_memory.py [--mb 20] [--shapes tweets.js,csv] [--commands audit]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_threads import WORDS  # noqa: E402  (the same words in every bench's posts)

LINKS = (
    "https://welt.ltd/politik/foerderung-8812", "https://www.tagesschau.de/meldung/16469.html",
    "https://spiegel.ltd/ausland/artikel-{n}", "https://www.zeit.de/politik/2024-05/klone-{n}",
    "https://de.wikipedia.org/wiki/Logan_Act", "https://bit.ly/3Xk{n}",
)
WORDS += ["„Faktencheck“", "…", "🔥", "👇", "Ελλάδα", "новости"]  # text is rarely Latin-1 alone
CANNED = (
    "Endlich zeigt ein Bericht, was die Regierung verschweigt. Lesen Sie selbst 👇",
    "Die Sanktionen schaden uns selbst, nicht Russland. Hier steht alles:",
    "Das sagt Ihnen keiner! Teilen bevor es gelöscht wird 🔥🔥",
)
START = datetime(2024, 3, 14, 8, 0, tzinfo=UTC)


@dataclass
class Tweet:
    id: int
    author: int
    text: str
    time: datetime
    reply_to: int | None = None
    reply_to_author: int | None = None
    conversation: int = 0
    url: str | None = None


def handle(user: int) -> str:
    return f"user_{user}_{user * 7919 % 100000:05d}"


def sentence(rnd: random.Random) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 30))).capitalize() + "."


def tweets(seed: int) -> Iterator[Tweet]:
    """Threads of 2–8 posts by one author, each answered by ordinary and coordinated replies."""
    rnd = random.Random(seed)
    next_id, clock = 1790000000000000000, START
    while True:
        author, total = rnd.randrange(1, 2000), rnd.randint(2, 8)
        root = previous = next_id
        for index in range(1, total + 1):
            clock += timedelta(seconds=rnd.randint(5, 120))
            url = rnd.choice(LINKS).format(n=rnd.randrange(500)) if rnd.random() < 0.3 else None
            text = f"{sentence(rnd)} {index}/{total}" + (f" {url}" if url else "")
            yield Tweet(next_id, author, text, clock, None if index == 1 else previous,
                        None if index == 1 else author, root, url)
            previous, next_id = next_id, next_id + 1
        for _ in range(rnd.randint(0, 6)):
            clock += timedelta(seconds=rnd.randint(1, 60))
            coordinated = rnd.random() < 0.4
            replier = rnd.randrange(5000, 5050) if coordinated else rnd.randrange(2000, 200000)
            url = LINKS[0] if coordinated else None
            text = (f"@{handle(author)} {rnd.choice(CANNED)} {url}" if coordinated
                    else f"@{handle(author)} {sentence(rnd)}")
            yield Tweet(next_id, replier, text, clock, root, author, root, url)
            next_id += 1


def _iso(time: datetime) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _url_entity(tweet: Tweet) -> dict[str, object]:
    assert tweet.url is not None
    return {"urls": [{"start": 0, "end": 23, "url": "https://t.co/AbCdEfGhIj",
                      "expanded_url": tweet.url, "display_url": tweet.url[8:30]}]}


def v2_tweet(tweet: Tweet) -> dict[str, object]:
    record: dict[str, object] = {
        "id": str(tweet.id), "text": tweet.text, "author_id": str(tweet.author),
        "conversation_id": str(tweet.conversation), "created_at": _iso(tweet.time),
        "edit_history_tweet_ids": [str(tweet.id)], "lang": "de",
        "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1,
                           "quote_count": 0, "impression_count": 40},
    }
    if tweet.reply_to:
        record["referenced_tweets"] = [{"type": "replied_to", "id": str(tweet.reply_to)}]
        record["in_reply_to_user_id"] = str(tweet.reply_to_author)
    if tweet.url:
        record["entities"] = _url_entity(tweet)
    return record


def v2_user(user: int) -> dict[str, str]:
    return {"id": str(user), "username": handle(user), "name": f"Name {user}",
            "created_at": "2015-04-02T10:00:00.000Z"}


def archive_entry(tweet: Tweet) -> dict[str, object]:
    entities: dict[str, object] = {"hashtags": [], "symbols": [], "user_mentions": [],
                                   "urls": _url_entity(tweet)["urls"] if tweet.url else []}
    record: dict[str, object] = {
        "edit_info": {"initial": {"editTweetIds": [str(tweet.id)]}}, "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": entities, "display_text_range": ["0", str(len(tweet.text))],
        "favorite_count": "3", "id_str": str(tweet.id), "truncated": False,
        "retweet_count": "0", "id": str(tweet.id),
        "created_at": tweet.time.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False, "full_text": tweet.text, "lang": "de",
    }
    if tweet.reply_to:
        record.update(in_reply_to_status_id_str=str(tweet.reply_to),
                      in_reply_to_status_id=str(tweet.reply_to),
                      in_reply_to_user_id=str(tweet.reply_to_author),
                      in_reply_to_user_id_str=str(tweet.reply_to_author),
                      in_reply_to_screen_name=handle(tweet.reply_to_author or 0))
    return {"tweet": record}


def up_to(size: int, chunks: Iterable[str]) -> Iterator[str]:
    """``chunks`` until ``size`` characters are written (the last one may pass it)."""
    written = 0
    for chunk in chunks:
        if written >= size:
            return
        written += len(chunk)
        yield chunk


def gen_archive(stream: Iterator[Tweet], size: int) -> Iterator[str]:
    yield "window.YTD.tweets.part0 = ["
    yield from up_to(size, (
        ("\n" if number == 0 else ",\n")
        + json.dumps(archive_entry(tweet), indent=2, ensure_ascii=False)
        for number, tweet in enumerate(stream)
    ))
    yield "\n]\n"


def gen_x_api(stream: Iterator[Tweet], size: int) -> Iterator[str]:
    """Pages of 100 tweets with ``includes.users``, one response a line."""
    written = 0
    while written < size:
        page = [next(stream) for _ in range(100)]
        users = {t.author for t in page} | {t.reply_to_author for t in page if t.reply_to_author}
        line = json.dumps({"data": [v2_tweet(t) for t in page],
                           "includes": {"users": [v2_user(u) for u in sorted(users)]},
                           "meta": {"result_count": 100, "next_token": f"b26v{written:x}"}},
                          ensure_ascii=False) + "\n"
        written += len(line)
        yield line


def gen_twarc(stream: Iterator[Tweet], size: int) -> Iterator[str]:
    """One flattened tweet a line: ``author`` inline, ``__twarc`` as twarc2 writes it."""
    return up_to(size, (json.dumps(twarc_record(tweet), ensure_ascii=False) + "\n"
                        for tweet in stream))


def twarc_record(tweet: Tweet) -> dict[str, object]:
    record = v2_tweet(tweet)
    record["author"] = v2_user(tweet.author)
    if tweet.reply_to_author:
        record["in_reply_to_user"] = v2_user(tweet.reply_to_author)
    record["__twarc"] = {"url": "https://api.twitter.com/2/tweets/search/recent?query=x",
                         "version": "2.14.0", "retrieved_at": "2024-05-03T09:00:00+00:00"}
    return record


def gen_csv(stream: Iterator[Tweet], size: int) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["screen_name", "full_text", "created_at", "user_created_at", "url"])

    def rows(tweet: Tweet) -> str:
        """The tweet's row (after the header, for the first)."""
        writer.writerow([handle(tweet.author), tweet.text, tweet.time.strftime(
            "%Y-%m-%dT%H:%M:%SZ"), "2015-04-02T10:00:00Z", tweet.url or ""])
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    return up_to(size, map(rows, stream))


def gen_text(stream: Iterator[Tweet], size: int) -> Iterator[str]:
    """Posts pasted one after another, markers closing them, a blank line between some."""
    return up_to(size, (tweet.text + ("\n\n" if tweet.id % 5 == 0 else "\n")
                        for tweet in stream))


SHAPES: dict[str, Callable[[Iterator[Tweet], int], Iterator[str]]] = {
    "tweets.js": gen_archive, "x-api-v2.jsonl": gen_x_api, "twarc2-flat.jsonl": gen_twarc,
    "csv": gen_csv, "text": gen_text,
}
COMMANDS = {
    "thread": ["thread"],
    "audit": ["audit", "--offline", "--format", "json"],
    "bots": ["bots", "--offline", "--format", "json"],
}

PARSE_ONLY = r"""
import csv, json, re, sys
shape, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
if shape == "tweets.js":
    parsed = json.loads(text[text.index("["):])
elif shape.endswith(".jsonl"):
    parsed = [json.loads(line) for line in text.splitlines() if line.strip()]
elif shape == "csv":
    parsed = list(csv.reader(text.splitlines()))
else:
    parsed = text.splitlines()
"""


def run(argv: list[str]) -> tuple[int, float, int]:
    """(peak RSS bytes, CPU seconds, exit status) of one child process."""
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of each input, MB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    args = parser.parse_args()
    shapes = [s for s in args.shapes.split(",") if s]
    commands = [c for c in args.commands.split(",") if c]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'shape':<19}{'command':<8}{'input MB':>9}{'peak MB':>9}{'peak/input':>11}"
              f"{'× parse':>9}{'CPU s':>8}{'exit':>5}")
        for shape in shapes:
            path = folder / f"dump.{shape}"
            with path.open("w", encoding="utf-8") as out:
                out.writelines(SHAPES[shape](tweets(args.seed), int(args.mb * 1e6)))
            size = path.stat().st_size
            base, base_cpu, _ = run([sys.executable, "-c", PARSE_ONLY, shape, str(path)])
            print(f"{shape:<19}{'parse':<8}{size / 1e6:>9.1f}{base / 1e6:>9.0f}"
                  f"{base / size:>11.2f}{1:>9.2f}{base_cpu:>8.2f}{'':>5}", flush=True)
            for command in commands:
                peak, cpu, status = run([sys.executable, "-m", "threadscope",
                                         *COMMANDS[command], str(path)])
                print(f"{'':<19}{command:<8}{size / 1e6:>9.1f}{peak / 1e6:>9.0f}"
                      f"{peak / size:>11.2f}{peak / base:>9.2f}{cpu:>8.2f}{status:>5}",
                      flush=True)


if __name__ == "__main__":
    main()
