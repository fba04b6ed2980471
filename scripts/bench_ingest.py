"""Time and peak memory of ``threadscope thread`` on large JSON Lines of each shape, and what
recognising the shape costs apart from reading it.

For each shape a JSON Lines file of N records is written (records made here, in the shape
the tool writes: twarc2's flattened tweets, X API v2 pages of one tweet, snscrape's tweets,
v1.1 tweets, twint's JSON, Pushshift comments, Telethon messages, youtube-comment-downloader's
comments, Mastodon statuses, Bluesky Jetstream events), each a self-thread of five posts by
one of 500 accounts, every tenth post with a link. Then, each as its own subprocess (peak RSS
is ``ru_maxrss`` of that child alone, from ``os.wait4``; CPU its user+system seconds):

- ``threadscope thread FILE --format json -o /dev/null``;
- ``--detect``: in one child, the file parsed (``jsonish.load``), then
  ``parse._reader_for`` and ``parse._apart`` (the shape checks ``parse_structured`` makes
  before it reads a record) timed alone, best of three.

``--pythonpath DIR`` runs another copy of the package (``git worktree add DIR COMMIT``) for a
before/after comparison. The machine's load moves CPU seconds a little and wall time much:
compare the two copies in one run.

Run: ``python scripts/bench_ingest.py [--records 200000] [--shapes twarc2,reddit]
[--detect] [--pythonpath DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ACCOUNTS = 500
THREAD = 5
EPOCH = 1_715_000_000


def _when(n: int) -> int:
    return EPOCH + 60 * n


def _iso(n: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(_when(n)))


def _words(n: int) -> str:
    link = f" https://kiesel-{n % 97}.example/artikel/{n}" if n % 10 == 0 else ""
    return f"Beitrag {n} über die Kieselstudie, Teil {n % THREAD + 1}/{THREAD}{link}"


def _thread(n: int) -> tuple[int, int, int]:
    """(the thread's first record, the account, the post's place in its thread)."""
    first = n - n % THREAD
    return first, (n // THREAD) % ACCOUNTS, n % THREAD


def twarc2(n: int) -> dict[str, Any]:
    first, account, place = _thread(n)
    tweet: dict[str, Any] = {
        "id": str(10**18 + n), "text": _words(n), "author_id": str(1000 + account),
        "conversation_id": str(10**18 + first), "created_at": _iso(n) + ".000Z",
        "edit_history_tweet_ids": [str(10**18 + n)], "lang": "de",
        "author": {"id": str(1000 + account), "username": f"konto_{account}",
                   "name": f"Konto {account}"},
        "__twarc": {"url": "https://api.twitter.com/2/tweets/search/all", "version": "2.14.0",
                    "retrieved_at": "2024-05-03T09:00:00+00:00"}}
    if place:
        tweet["referenced_tweets"] = [{"type": "replied_to", "id": str(10**18 + n - 1)}]
        tweet["in_reply_to_user_id"] = str(1000 + account)
    return tweet


def x_api_v2(n: int) -> dict[str, Any]:
    tweet = twarc2(n)
    user = tweet.pop("author")
    del tweet["__twarc"]
    return {"data": [tweet], "includes": {"users": [user]}, "meta": {"result_count": 1}}


def snscrape(n: int) -> dict[str, Any]:
    first, account, place = _thread(n)
    return {"_type": "snscrape.modules.twitter.Tweet",
            "url": f"https://twitter.com/konto_{account}/status/{10**18 + n}",
            "date": _iso(n) + "+00:00", "rawContent": _words(n), "id": 10**18 + n,
            "user": {"_type": "snscrape.modules.twitter.User", "username": f"konto_{account}",
                     "id": 1000 + account, "displayname": f"Konto {account}"},
            "conversationId": 10**18 + first,
            "inReplyToTweetId": 10**18 + n - 1 if place else None,
            "inReplyToUser": {"_type": "snscrape.modules.twitter.UserRef",
                              "username": f"konto_{account}", "id": 1000 + account}
            if place else None}


def v11(n: int) -> dict[str, Any]:
    _, account, place = _thread(n)
    return {"created_at": time.strftime("%a %b %d %H:%M:%S +0000 %Y", time.gmtime(_when(n))),
            "id": 10**18 + n, "id_str": str(10**18 + n), "text": _words(n),
            "truncated": False, "entities": {"urls": [], "user_mentions": []},
            "in_reply_to_status_id_str": str(10**18 + n - 1) if place else None,
            "in_reply_to_user_id_str": str(1000 + account) if place else None,
            "in_reply_to_screen_name": f"konto_{account}" if place else None,
            "user": {"id": 1000 + account, "id_str": str(1000 + account),
                     "name": f"Konto {account}", "screen_name": f"konto_{account}"}}


def twint(n: int) -> dict[str, Any]:
    first, account, _ = _thread(n)
    return {"id": 10**18 + n, "conversation_id": str(10**18 + first),
            "created_at": _when(n) * 1000, "date": "2024-05-06", "time": "12:00:00",
            "timezone": "UTC", "user_id": 1000 + account, "username": f"konto_{account}",
            "name": f"Konto {account}", "tweet": _words(n), "urls": [], "retweet": False,
            "quote_url": "", "user_rt_id": "", "user_rt": "", "retweet_id": "",
            "reply_to": [], "link": f"https://twitter.com/konto_{account}/status/{10**18 + n}"}


def reddit(n: int) -> dict[str, Any]:
    first, account, place = _thread(n)
    return {"id": f"c{n}", "author": f"konto_{account}", "author_fullname": f"t2_{account}",
            "body": _words(n), "link_id": f"t3_s{first}",
            "parent_id": f"t1_c{n - 1}" if place else f"t3_s{first}",
            "created_utc": _when(n), "subreddit": "kieselstudie", "score": 1}


def telethon(n: int) -> dict[str, Any]:
    _, account, place = _thread(n)
    return {"_": "Message", "id": n + 1, "peer_id": {"_": "PeerChannel", "channel_id": 55},
            "date": _iso(n) + "+00:00", "message": _words(n), "out": False,
            "from_id": {"_": "PeerUser", "user_id": 1000 + account},
            "reply_to": {"_": "MessageReplyHeader", "reply_to_msg_id": n} if place else None,
            "entities": [], "media": None, "fwd_from": None}


def youtube(n: int) -> dict[str, Any]:
    first, account, place = _thread(n)
    cid = f"Ugx{first:010d}AaBb" + (f".{n:08d}" if place else "")
    return {"cid": cid, "text": _words(n), "time": "2 days ago", "author": f"@konto_{account}",
            "channel": f"UC{account:022d}", "votes": "0", "replies": "", "photo": "",
            "heart": False, "reply": bool(place), "time_parsed": float(_when(n))}


def mastodon(n: int) -> dict[str, Any]:
    _, account, place = _thread(n)
    return {"id": str(10**14 + n), "created_at": _iso(n) + ".000Z",
            "in_reply_to_id": str(10**14 + n - 1) if place else None,
            "in_reply_to_account_id": str(account) if place else None,
            "visibility": "public", "spoiler_text": "",
            "url": f"https://social.example/@konto_{account}/{10**14 + n}",
            "content": f"<p>{_words(n)}</p>", "card": None,
            "account": {"id": str(account), "username": f"konto_{account}",
                        "acct": f"konto_{account}", "display_name": f"Konto {account}",
                        "url": f"https://social.example/@konto_{account}"}}


def jetstream(n: int) -> dict[str, Any]:
    first, account, place = _thread(n)
    did = f"did:plc:{account:024d}"
    root = f"at://{did}/app.bsky.feed.post/3k{first:011d}"
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": _words(n),
                              "createdAt": _iso(n) + ".000Z"}
    if place:
        parent = f"at://{did}/app.bsky.feed.post/3k{n - 1:011d}"
        record["reply"] = {"root": {"uri": root, "cid": "bafy"},
                           "parent": {"uri": parent, "cid": "bafy"}}
    return {"did": did, "time_us": _when(n) * 10**6, "kind": "commit",
            "commit": {"rev": "3l", "operation": "create", "collection": "app.bsky.feed.post",
                       "rkey": f"3k{n:011d}", "record": record, "cid": "bafy"}}


SHAPES: dict[str, Callable[[int], dict[str, Any]]] = {
    "twarc2": twarc2, "x-api-v2": x_api_v2, "snscrape": snscrape, "v1.1": v11,
    "twint": twint, "reddit": reddit, "telethon": telethon, "youtube": youtube,
    "mastodon": mastodon, "jetstream": jetstream,
}


def write(path: Path, shape: Callable[[int], dict[str, Any]], count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(json.dumps(shape(n), ensure_ascii=False) + "\n")


_DETECT = """
import sys, time
from threadscope.ingest import jsonish, parse
values = jsonish.load(open(sys.argv[1], encoding="utf-8").read()).values
best = None
for _ in range(3):
    start = time.process_time()
    with jsonish.walked_once():
        found = parse._reader_for(values)
        apart = found is not None and parse._apart(values, found)
    took = time.process_time() - start
    best = took if best is None else min(best, took)
print(f"{found.shape if found else None} apart={apart} {best:.3f}")
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, float, int, str]:
    """(wall s, CPU s, peak RSS MB, exit status, stdout) of one child."""
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status), out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--detect", action="store_true",
                        help="also time the shape checks alone")
    parser.add_argument("--no-thread", action="store_true",
                        help="time the shape checks only (with --detect)")
    parser.add_argument("--pythonpath", help="run the package from this folder")
    options = parser.parse_args()
    env = dict(os.environ)
    if options.pythonpath:
        env["PYTHONPATH"] = options.pythonpath
    print(f"{'shape':10} {'records':>8} {'wall s':>7} {'CPU s':>6} {'RSS MB':>7} exit"
          + ("   shape checks CPU s" if options.detect else ""))
    with tempfile.TemporaryDirectory() as folder:
        for name in options.shapes.split(","):
            path = Path(folder) / f"{name}.jsonl"
            write(path, SHAPES[name], options.records)
            line = f"{name:10} {options.records:8}"
            if not options.no_thread:
                wall, cpu, rss, code, _ = run(
                    [sys.executable, "-m", "threadscope", "thread", str(path), "--format",
                     "json", "-o", os.devnull], env)
                line += f" {wall:7.1f} {cpu:6.1f} {rss:7.0f} {code:4}"
            if options.detect:
                *_, out = run([sys.executable, "-c", _DETECT, str(path)], env)
                line += f"   {out.strip()}"
            print(line, flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
