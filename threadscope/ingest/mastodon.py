"""Mastodon API JSON → posts: context answers, statuses, notifications, search results.

``/api/v1/statuses/:id/context`` holds ``ancestors`` and ``descendants`` but not the status
itself; researchers save it beside, often as ``{"status": Status, "context": {…}}`` (or the two
one a line). Ancestors and the status are context; descendants are the dump's posts. A context
saved without its status still shows where the status stood: descendants answer an id the file
does not hold, a gap in the thread. Statuses saved as a list, alone or one a line (timelines,
bookmarks, a collector's log), a search's ``statuses`` and conversations' ``last_status`` are
posts. Notifications (``/api/v1/notifications``, grouped ``/api/v2/notifications``) carry
statuses: those the notifying accounts wrote are posts, the user's own that others favourited
or boosted are context. A boost (``reblog``) is the booster's repost of another status, never
part of their thread; boosted and quoted statuses are context. An edit history
(``/api/v1/statuses/:id/history``: the versions, without ids) is one post, at its latest
version, as is a status streamed again once edited; links of the earlier versions stay its
links (``edited_away``). A link the content marks as a mention or hashtag is none of the
post's only where it leads to an account the status mentions or to a server of its own:
any server may mark a link so. A poll's options are lines of its post's text, media
descriptions its ``alt_text``.
``content`` is HTML, read by libxml2's HTML parser (lxml) in one linear pass of events: a
regex would miss entities, nested markup and ``<br>`` line breaks, and html.parser took 20 s
on 60 KB of unclosed tags in a hostile dump.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.ingest.account_labels import mastodon_labels
from threadscope.ingest.accounts import AccountFacts
from threadscope.ingest.across import AsContext, Read, waits
from threadscope.ingest.authorship import as_handle
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.html_text import (  # noqa: F401 (html_text: tests read it here)
    address_key,
    html_text,
    html_text_and_labels,
    origin,
)
from threadscope.ingest.jsonish import items, mostly, obj, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import POLL_OPTION, Platform, Post


def is_status(value: Any) -> bool:
    """A Status: ``content`` HTML, or (the answer to deleting one) its source ``text``."""
    return (isinstance(value, dict) and isinstance(value.get("account"), dict)
            and ("content" in value or isinstance(value.get("text"), str)))


_ONLY_STATUSES = ("id", "url", "uri", "visibility", "in_reply_to_id")
"""Fields every Status has and a StatusEdit has not."""


def is_status_edit(value: Any) -> bool:
    """A version of a status as ``/api/v1/statuses/:id/history`` lists them (a StatusEdit):
    a status's ``content`` and ``account`` and the version's ``created_at``, but none of a
    Status's own fields (``id``, ``url``, ``visibility`` …)."""
    return (is_status(value) and "created_at" in value
            and not any(key in value for key in _ONLY_STATUSES))


def is_history(value: Any) -> bool:
    """An edit history: a list of one account's status versions, oldest first. Statuses cut
    down to a few fields (a ``jq`` projection of a timeline) look like versions too, but a
    timeline is newest first: out of order, they stay posts of their own."""
    versions = items(value)
    if not versions or len(versions) != len(value) or not all(map(is_status_edit, versions)):
        return False
    times = [text(v, "created_at") or "" for v in versions]
    return len({_account_key(v) for v in versions}) == 1 and times == sorted(times)


def _account_key(status: dict[str, Any]) -> str | None:
    account = obj(status, "account")
    return text(account, "id") or _handle(account)


def is_notification(value: Any) -> bool:
    """A ``/api/v1/notifications`` entry: who did what (``type``), and the status it was
    about where there is one."""
    return (isinstance(value, dict) and isinstance(value.get("type"), str)
            and isinstance(value.get("account"), dict) and "content" not in value)


def is_conversation(value: Any) -> bool:
    """A ``/api/v1/conversations`` entry (or a notification request): its latest status."""
    return isinstance(value, dict) and "last_status" in value and "content" not in value


def _is_record(value: Any) -> bool:
    return is_status(value) or is_notification(value) or is_conversation(value)


def is_stream_event(value: Any) -> bool:
    """A message of the streaming API as a websocket delivers it (a collector's log, one a
    line): ``{"stream": [...], "event": "update", "payload": "<the status as JSON text>"}``."""
    return (isinstance(value, dict) and isinstance(value.get("event"), str)
            and "payload" in value)


_STREAMED = frozenset({"update", "status.update", "notification", "conversation"})
"""Streaming events whose payload is a status, an edited status, a notification or a
conversation; the others (``delete``, ``filters_changed``, announcements) carry no post."""


def _payload(event: dict[str, Any]) -> dict[str, Any]:
    """The payload of a streamed event that carries a post, parsed; ``{}`` for the others."""
    if event.get("event") not in _STREAMED:
        return {}
    payload = event.get("payload")
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except (ValueError, RecursionError):
            return {}
    return payload if isinstance(payload, dict) else {}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_grouped(value: dict[str, Any]) -> bool:
    """``/api/v2/notifications``: statuses and accounts apart, groups pointing at them."""
    return isinstance(value.get("notification_groups"), list)


def _is_search(value: dict[str, Any]) -> bool:
    """``/api/v2/search``: ``{"accounts": [], "statuses": [], "hashtags": []}``."""
    return isinstance(value.get("statuses"), list) and "hashtags" in value


def is_mastodon(value: Any) -> bool:
    if isinstance(value, dict):
        if "ancestors" in value or "descendants" in value:
            return True
        if _is_grouped(value) or _is_search(value):
            return True
        return is_status(value.get("status")) or _is_record(value) or is_stream_event(value)
    return mostly(_is_record, items(value))


@dataclass
class _Statuses:
    """What the values of a dump hold, sorted as ``parse_mastodon`` reads them."""

    context: list[dict[str, Any]] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)
    conversation: dict[int, str] = field(default_factory=dict)
    """id() of a status → the root of the context answer it came in."""
    requested: list[str] = field(default_factory=list)
    """Ids that context answers' descendants reply to and the answer itself does not hold:
    the statuses those contexts were requested for."""
    skipped: int = 0
    reacted_to: set[str | None] = field(default_factory=set)
    """Ids of the user's own statuses that notifications carried (each kept once)."""
    earlier: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    """id() of a status → its earlier versions, oldest first, where an edit history says."""
    histories: list[dict[str, Any]] = field(default_factory=list)
    """The post each edit history read as (its latest version), in the order read."""

    def history(self, versions: list[dict[str, Any]]) -> None:
        """An edit history is one post, not one per version: the latest version's text and
        links, the first version's time (when it was posted), the last one's as its edit
        time; the earlier versions are kept for their links (``earlier``)."""
        ordered = sorted(versions, key=lambda v: text(v, "created_at") or "")
        latest = dict(ordered[-1])
        latest["created_at"] = ordered[0].get("created_at")
        latest["edited_at"] = ordered[-1].get("created_at") if len(ordered) > 1 else None
        self.earlier[id(latest)] = ordered[:-1]
        self.histories.append(latest)
        self.posts.append(latest)

    def histories_of_held(self) -> None:
        """A history saved beside its status (the status, then what ``/history`` answered
        for it) is that status's: its earlier versions go to the status, which keeps its id
        and place. The status is known by its account and its edit time, or its content."""
        if not self.histories:
            return
        held: dict[tuple[str | None, str | None], dict[str, Any]] = {}
        for status in (*self.context, *self.posts):
            if text(status, "id") is not None:
                key = _account_key(status)
                held.setdefault((key, text(status, "edited_at")), status)
                held.setdefault((key, text(status, "content")), status)
        merged: set[int] = set()
        for history in self.histories:
            key = _account_key(history)
            edited = text(history, "edited_at")
            own = (held.get((key, edited)) if edited else None) or held.get(
                (key, text(history, "content")))
            if own is not None:
                self.earlier[id(own)] = self.earlier.pop(id(history))
                merged.add(id(history))
        self.posts = [s for s in self.posts if id(s) not in merged]

    def records(self, values: list[dict[str, Any]]) -> None:
        """Statuses as posts; notifications and conversations by the statuses they carry."""
        for value in values:
            if is_status(value):
                self.posts.append(value)
            elif is_notification(value):
                self.notification(value)
            elif is_conversation(value) and is_status(value.get("last_status")):
                self.posts.append(value["last_status"])
            elif not is_conversation(value):
                self.skipped += 1

    def streamed(self, event: dict[str, Any]) -> None:
        """A streamed status, notification or conversation (repeats: ``one_each``)."""
        payload = _payload(event)
        if payload:
            self.records([payload])

    def one_each(self) -> None:
        """A status read again is the same post: a streaming log repeats it on every
        subscribed stream, as a mention's update and notification, and when it is edited;
        saved pages overlap. It keeps its first place and takes its latest version (a copy
        that says the same is passed over, its first copy kept, as ``versions.OneEach``
        passes over a stream's repeats: the account as the first copy shows it); the
        versions read before are its earlier ones, as an edit history's are (``earlier``):
        a link streamed and then edited away is still the post's."""
        place: dict[str, int] = {}
        kept: list[dict[str, Any]] = []
        for status in self.posts:
            known = text(status, "id")
            at = place.get(known) if known else None
            if at is not None:
                before = kept[at]
                if _said(before) == _said(status) and id(status) not in self.earlier:
                    continue  # saved again unchanged: the first copy, as a stream keeps it
                earlier = self.earlier.pop(id(before), [])
                if _said(before) != _said(status):
                    earlier = [*earlier, before]
                if earlier:
                    self.earlier[id(status)] = earlier
                kept[at] = status
                continue
            if known:
                place[known] = len(kept)
            kept.append(status)
        self.posts = kept

    def notification(self, value: dict[str, Any]) -> None:
        """The status a notification carries is a post of the dump when the notifying account
        wrote it (a mention, a new status, a quote); otherwise it is the user's own status
        that someone favourited, boosted or voted in, kept as context. A boost is also the
        booster's repost of it, at the time of the notification."""
        status = obj(value, "status")
        if not is_status(status):
            return
        account = obj(value, "account")
        if text(obj(status, "account"), "id") == text(account, "id"):
            self.posts.append(status)
            return
        if text(status, "id") not in self.reacted_to:
            self.reacted_to.add(text(status, "id"))
            self.context.append(status)
        if value.get("type") == "reblog":
            self.posts.append({"created_at": value.get("created_at"), "account": account,
                               "content": "", "reblog": status})

    def grouped(self, value: dict[str, Any]) -> None:
        """Grouped notifications: as ``notification``, a status is a post when one of its
        group's accounts wrote it (the group gives no time per account, so no reposts)."""
        groups = items(value, "notification_groups")
        written = {(text(g, "status_id"), text({"id": a}, "id")) for g in groups
                   for a in _listed(g.get("sample_account_ids"))}
        for status in items(value, "statuses"):
            if not is_status(status):
                self.skipped += 1
            elif (text(status, "id"), text(obj(status, "account"), "id")) in written:
                self.posts.append(status)
            else:
                self.context.append(status)

    def answer(self, value: dict[str, Any]) -> None:
        """A context answer, with the status it was requested for when saved beside it."""
        ctx = obj(value, "context") or value
        ancestors, descendants = items(ctx, "ancestors"), items(ctx, "descendants")
        status = obj(value, "status") if is_status(value.get("status")) else None
        shown = [*ancestors, *([status] if status else []), *descendants]
        held = {text(s, "id") for s in shown}
        absent = unique([text(d, "in_reply_to_id") for d in descendants
                         if text(d, "in_reply_to_id") not in held])
        self.requested.extend(absent)
        root = text(ancestors[0], "id") if ancestors else text(status, "id") if status else (
            absent[0] if absent else None)
        for one in shown:
            if root:
                self.conversation[id(one)] = root
        self.context.extend([*ancestors, *([status] if status else [])])
        self.posts.extend(descendants)

    def requested_apart(self) -> None:
        """A status saved alone beside its context answer (one a line) is that answer's
        status, as in ``{"status": …, "context": …}``: context, not a post."""
        wanted = set(self.requested)
        if not wanted:
            return
        anchors = [s for s in self.posts if s.get("reblog") is None and text(s, "id") in wanted]
        if anchors:
            moved = {id(s) for s in anchors}
            self.posts = [s for s in self.posts if id(s) not in moved]
            self.context.extend(anchors)

    def gaps(self) -> list[str]:
        if not self.requested:
            return []
        held = {text(s, "id") for s in (*self.context, *self.posts)}
        return [i for i in unique(self.requested) if i not in held]

    def embedded(self) -> None:
        """Boosted and quoted statuses travel inside the statuses that boost or quote them;
        they are posts the file holds, kept as context (as X API ``includes.tweets``)."""
        held = {text(s, "id") for s in (*self.context, *self.posts)}
        for status in (*self.context, *self.posts):
            reblog = obj(status, "reblog")
            for inner in (reblog, _quoted(reblog or status)):
                if inner and text(inner, "id") not in held:
                    held.add(text(inner, "id"))
                    self.context.append(inner)


def _read_value(found: _Statuses, value: Any) -> None:
    """One answer or record that is no array."""
    if not isinstance(value, dict):  # a null page among pages, a stray line in a log
        found.skipped += 1
    elif _is_record(value):
        found.records([value])
    elif _is_grouped(value):
        found.grouped(value)
    elif _is_search(value):
        found.records(items(value, "statuses"))
    elif is_stream_event(value):
        found.streamed(value)
    elif _is_answer(value):
        found.answer(value)
    else:  # an instance's answer, an account, an error among the statuses
        found.skipped += 1


def _is_answer(value: dict[str, Any]) -> bool:
    """A context answer, or a status saved with its context (``{"status", "context"}``)."""
    return ("ancestors" in value or "descendants" in value
            or isinstance(value.get("context"), dict) or is_status(value.get("status")))


def _read_top(found: _Statuses, value: Any) -> None:
    """One value of a dump (a line of JSON Lines, a document)."""
    if is_history(value):
        found.history(items(value))
    elif isinstance(value, list):  # JSON Lines saved as one array: each item as a line
        for line in value:
            if is_history(line):
                found.history(items(line))
            elif isinstance(line, list):  # a page of statuses among other answers
                found.records(items(line))
            elif is_mastodon(line):
                _read_value(found, line)
            elif isinstance(line, dict):  # an account, an instance's answer: no status
                found.skipped += 1
    else:
        _read_value(found, value)


@dataclass
class MastodonFacts:
    """The statuses context answers were requested for, as the lines read so far tell them
    (a context answer's descendants reply to its status, which the answer does not hold):
    a status saved on a line of its own, before or after that answer, is the answer's
    status, context, as ``parse_mastodon`` reads the two in one dump (``requested_apart``).
    A requested status no line holds is a gap, said once the dump has ended (``warnings``),
    counted over the whole dump: streamed, the context answer's line said "1 status replied
    to but not in the file" though the status came on a line after it (or before), and a
    second line of the same answer added 1 more. Bounded by the dump's ids."""

    requested: dict[str, None] = field(default_factory=dict)
    """The ids requested, in order."""
    held: set[str] = field(default_factory=set)
    """The ids of the statuses the lines hold (posts and context)."""
    accounts: AccountFacts = field(
        default_factory=lambda: AccountFacts("Mastodon", _account_fields))
    """The accounts by their id on the server that answered (``account_key``): an account
    renamed between answers of one server is one account under its latest handle; the
    same id on two servers is two accounts."""

    def read(self, dump: Dump) -> Read:
        """A line's dump: each post waits on a line that may request it, earlier (settled
        as soon as it is looked at) or later; moved in the file's order, so that a status
        fetched again keeps its versions in order."""
        self.requested.update(dict.fromkeys(dump.gaps))
        self.held.update(p.post_id for p in (*dump.posts, *dump.context) if p.post_id)
        return Read(dump, waits(self, [_anchor_key(p) for p in dump.posts]))

    def read_values(self, values: list[Any]) -> Read:
        """``parse_mastodon`` of one line (or of all), its accounts learnt in the order the
        answers show them: each post and context post waits, besides a line that may request
        it (``read``), on its author's account and the answered account, settled once the
        dump has ended (``AccountFacts.settle``)."""
        dump, shown = _parse(values)
        for key, account, handle, at in shown.accounts:
            self.accounts.learn_user(key, account, handle, at)
        read = self.read(dump)
        keys = [_waits_on(None if wait is None else wait.key, accounts)
                for wait, accounts in zip(read.post_waits(), shown.posts, strict=True)]
        return Read(dump, waits(self, keys),
                    waits(self, (_waits_on(None, accounts) for accounts in shown.context)))

    def _settle_accounts(self, post: Post, key: str) -> Post:
        anchor, _, accounts = key.partition("\n")
        return self.accounts.settle(post, accounts, final=True) or post

    def warnings(self) -> list[str]:
        """The statuses requested that no line holds, and the accounts renamed, once the
        dump has ended."""
        gaps = [status_id for status_id in self.requested if status_id not in self.held]
        said = [missing_status_warning(len(gaps))] if gaps else []
        return [*said, *self.accounts.warnings()]

    def _requested(self, post: Post, key: str | None) -> bool:
        return bool(key) and post.repost_of is None and key in self.requested

    def settle(self, post: Post, key: str, *, final: bool) -> Post | AsContext | None:
        """``key``: the id a later context answer may request (``_anchor_key``), and, after
        a line break, the ids of the post's author and the answered account, where the post
        waits on them (``read_values``)."""
        anchor, waits_on_accounts, _ = key.partition("\n")
        if waits_on_accounts and not final:
            return None
        if waits_on_accounts:
            post = self._settle_accounts(post, key)
        if self._requested(post, anchor):
            return AsContext(post)
        return post if final else None


def _waits_on(anchor: str | None, accounts: str) -> str | None:
    """A post's key (``MastodonFacts.settle``): the id a context answer may request, then
    the account keys, where there are any; None: it waits on nothing."""
    if accounts.strip():
        return f"{anchor or ''}\n{accounts}"
    return anchor


def missing_status_warning(count: int) -> str:
    return (f"Mastodon: {count} status(es) replied to but not in the file (the status a "
            "context was requested for is not part of the answer)")


def _anchor_key(post: Post) -> str | None:
    """What a post waits on: a later context answer requested for it (a boost is never the
    status a context was requested for)."""
    return post.post_id if post.repost_of is None else None


def parse_mastodon(values: list[Any]) -> Dump:
    """Statuses, notifications and search results as posts; ancestors and the status of a
    context answer as context, descendants as posts; a status the answer implies but does not
    hold (the one the context was requested for, saved without it) is a gap, said by
    ``MastodonFacts.warnings`` once the dump has ended."""
    return _parse(values)[0]


_ShownAccount = tuple[str, dict[str, Any] | None, str | None, str | None]
"""An account shown: its key, its account object (None: a mention), its handle, and when the
status that shows it was made."""


@dataclass
class _Shown:
    """The accounts a dump's answers show, in order, by ``account_key`` (an account object,
    or None where a mention only names it), and the account keys each post and context post
    waits on (``author answered``, as ``AccountFacts.settle`` takes them)."""

    accounts: list[_ShownAccount] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)


def _parse(values: list[Any]) -> tuple[Dump, _Shown]:
    """``parse_mastodon``, with the accounts the answers show (``_Shown``)."""
    found = _Statuses()
    answer_of: dict[int, int] = {}  # id() of a status → the value (answer, line) it came in
    servers: list[str | None] = []  # each answer's server, as its own accounts show it
    shown = _Shown()
    for answer, value in enumerate(values):
        held = len(found.context), len(found.posts)
        _read_top(found, value)
        added = [*found.context[held[0]:], *found.posts[held[1]:]]
        for status in added:
            answer_of[id(status)] = answer
        servers.append(answering_server(added))
        _shown_accounts(added, servers[-1], shown.accounts)
    found.one_each()
    found.histories_of_held()
    found.requested_apart()
    gaps = found.gaps()
    accounts = _accounts(found, answer_of)
    found.embedded()
    context, posts = found.context, found.posts
    for status in (*context, *posts):  # a boosted or quoted status: its answer's
        for inner in (obj(status, "reblog"), _quoted(obj(status, "reblog") or status)):
            if inner and id(inner) not in answer_of and id(status) in answer_of:
                answer_of[id(inner)] = answer_of[id(status)]

    def keys(status: dict[str, Any]) -> str:
        answer = answer_of.get(id(status))
        server = None if answer is None else servers[answer]
        answered = text(status, "in_reply_to_account_id")
        return (f"{account_key(obj(status, 'account'), server) or ''} "
                f"{(answered and server and f'{answered}@{server}') or ''}")

    shown.posts = [keys(s) for s in posts]
    shown.context = [keys(s) for s in context]

    def read(status: dict[str, Any], order: int) -> Post:
        answer = answer_of.get(id(status))
        return _post(status, order, accounts.get(answer, {}), found.conversation.get(id(status)),
                     found.earlier.get(id(status), ()), accounts.get(None, {}))

    # a gap is said once the dump has ended: another line may hold it (``MastodonFacts``)
    warnings = skipped_warning("Mastodon", found.skipped, "statuses")
    return Dump(
        "mastodon",
        tuple(read(s, len(context) + i) for i, s in enumerate(posts, 1)),
        warnings,
        context=tuple(read(s, i) for i, s in enumerate(context, 1)),
        gaps=tuple(gaps),
    ), shown


def _is_local(account: dict[str, Any]) -> bool:
    """An account of the server that answered: its ``acct`` names no other server."""
    handle = _handle(account)
    return bool(handle) and "@" not in (handle or "")


def answering_server(statuses: Sequence[dict[str, Any]]) -> str | None:
    """The server that gave an answer, as its own accounts show it: the origin of the first
    local account's ``url`` (``acct`` without a server: ``jana``, not ``jana@…``); None
    where the answer shows none (its statuses all of other servers' accounts)."""
    for status in statuses:
        for account in (obj(status, "account"), obj(obj(status, "reblog"), "account")):
            if _is_local(account) and (server := origin(text(account, "url"))):
                return server
    return None


def account_key(account: dict[str, Any], server: str | None) -> str | None:
    """An account's stable key: its ``id``, which is the answering server's own, with that
    server (``id@https://server``): the same id on two servers is two accounts. A local
    account's server is its ``url``'s; another server's account is known only where the
    answer shows its own server (``answering_server``), else never one with another."""
    account_id = text(account, "id")
    if not account_id:
        return None
    home = origin(text(account, "url")) if _is_local(account) else server
    return f"{account_id}@{home}" if home else None


def _shown_accounts(statuses: Sequence[dict[str, Any]], server: str | None,
                    into: list[_ShownAccount]) -> None:
    """The accounts of an answer's statuses, in order: each status's (and its boosted and
    quoted status's) account, and those it mentions, which name the account only; each with
    when the status that shows it was made (the latest by time names the account)."""
    for status in statuses:
        reblog = obj(status, "reblog")
        for shown in (status, reblog, _quoted(reblog or status)):
            at = text(shown, "created_at")
            account = obj(shown, "account")
            key = account_key(account, server)
            if key:
                into.append((key, account, _handle(account), at))
            for mention in items(shown, "mentions"):
                key = account_key(mention, server)
                if key:
                    into.append((key, None, _handle(mention), at))


def _account_fields(account: dict[str, Any]) -> dict[str, Any]:
    """What a status says of its author, from the account as it stands."""
    author = _handle(account)
    suspended = account.get("suspended") is True
    return {"author": author, "author_kind": as_handle(author),
            "display_name": text(account, "display_name"),
            "author_created_at": iso_time(text(account, "created_at")),
            "author_status": "suspended" if suspended else None,
            "author_status_by": SUSPENDED_BY if suspended else None,
            "author_labels": mastodon_labels(account)}


def _accounts(found: _Statuses, answer_of: dict[int, int]
              ) -> dict[int | None, dict[str | None, str | None]]:
    """Each account's handle as each answer (a line, a document) shows it, and as the whole
    dump does (under None, the last one shown). An account is named as its server sees it:
    ``jana`` on her own server's answers, ``jana@social.example`` on another's; a reply is
    said to answer the name the answer it came in gives, as a stream reads that answer alone
    (the dump's last name gave the replies of an earlier answer another author's name), and
    the dump's only where the answer and the reply's mentions give none."""
    accounts: dict[int | None, dict[str | None, str | None]] = {None: {}}
    for status in (*found.context, *found.posts):
        account = obj(status, "account")
        key, handle = text(account, "id"), _handle(account)
        accounts[None][key] = handle
        answer = answer_of.get(id(status))
        if answer is not None:
            accounts.setdefault(answer, {})[key] = handle
    return accounts


def _said(status: dict[str, Any]) -> tuple[str | None, ...]:
    """What a version of a status says, as ``_body`` reads it, the link its card shows and
    the status it quotes (a quote revoked makes its fallback line's link the post's): a
    repeat that says and shows the same is no earlier version."""
    return (text(status, "content"), text(status, "text"), text(obj(status, "card"), "url"),
            _quote_id(status), str(bool(obj(status, "quote"))))


def fold_versions(versions: Sequence[Post]) -> Post:
    """One status read in several versions, oldest first, as posts (a streaming log's
    ``update`` and ``status.update`` on lines of their own, which ``bots`` reads one by
    one) → the one post that ``one_each`` makes of them when the file is read whole: the
    latest version in the first one's place, with the links only earlier versions had
    (their text's, their card's, and those they had edited away themselves) as
    ``edited_away``."""
    latest = versions[-1]
    shown = _shown_links(latest)
    now = set(shown)
    earlier = [link for version in versions[:-1]
               for link in (*version.edited_away, *_shown_links(version))]
    away = unique([link for link in (*earlier, *latest.edited_away) if link not in now])
    return replace(latest, line=versions[0].line, urls=(*shown, *away), edited_away=away)


def _shown_links(post: Post) -> tuple[str, ...]:
    """The links of the version a post shows: its ``urls`` less the edited away, which
    ``_post`` puts last."""
    return post.urls[: len(post.urls) - len(post.edited_away)]


def _handle(account: dict[str, Any]) -> str | None:
    return text(account, "acct") or text(account, "username")


def _quoted(status: dict[str, Any]) -> dict[str, Any]:
    """The status ``status`` quotes, where the answer holds it: Mastodon 4.4+ ``quote``
    (``{"state", "quoted_status"}``), or a status in ``quote`` itself (older forks)."""
    quote = obj(status, "quote")
    return obj(quote, "quoted_status") or (quote if is_status(quote) else {})


def _mentioned(status: dict[str, Any], account_id: str) -> str | None:
    """The handle of a mentioned account: a reply mentions the account it answers, so a reply
    to a post the file lacks still says whose post that was."""
    for mention in items(status, "mentions"):
        if text(mention, "id") == account_id:
            return text(mention, "acct") or text(mention, "username")
    return None


def _quote_id(status: dict[str, Any]) -> str | None:
    """The id of the status ``status`` quotes; a quote nested in a quoted status is shallow,
    ``{"state", "quoted_status_id"}``."""
    return text(_quoted(status), "id") or text(obj(status, "quote"), "quoted_status_id")


def _body(status: dict[str, Any], quoted: str | None,
          addresses: frozenset[str] = frozenset()
          ) -> tuple[str, list[str], list[tuple[str, str]]]:
    """The text and links of ``content``; a deleted status (the answer to deleting it) has
    only its source ``text``, plain.

    Mastodon 4.4+ writes "RE: <link to the quoted status>" in a quote-inline paragraph for
    clients that do not show quotes; clients that do hide it. It is not the author's words
    when the status has a ``quote``, whatever became of it: a quote revoked by the quoted
    author, or whose status was deleted, rejected or never authorised, is ``{"state":
    "revoked", "quoted_status": null}``, and the fallback line stays in ``content`` though no
    client shows it. Its link is not a link of theirs when the quote says what is quoted
    (``quoted``, its id); a quote that no longer says keeps the link (it may be the post's).
    """
    source = status.get("text")
    if "content" not in status and isinstance(source, str):
        return source.strip(), [], []
    fallback = bool(quoted) or bool(obj(status, "quote"))
    content = text(status, "content") or ""
    marked = "mention" in content or "hashtag" in content or "u-url" in content
    return html_text_and_labels(content, quote_inline=not fallback, quoted=addresses,
                                named=_named(status) if marked else None)


def _named(status: dict[str, Any]) -> frozenset[str] | None:
    """What a status's content may mark as a mention or hashtag: the addresses of the
    accounts it mentions (``mentions[].url``) and its own server and the one that answered
    (where its pages and tag pages are: ``url``, ``uri``, ``tags[].url``), as ``html_text``
    compares them. None where the status lists neither mentions nor tags (an edit's
    version, a status cut down)."""
    if not isinstance(status.get("mentions"), list) and not isinstance(status.get("tags"), list):
        return None
    named = {address_key(text(m, "url") or "") for m in items(status, "mentions")}
    named.update(origin(text(status, key)) or "" for key in ("url", "uri"))
    named.update(origin(text(tag, "url")) or "" for tag in items(status, "tags"))
    return frozenset(named - {""})


def _poll_lines(status: dict[str, Any]) -> str:
    """A poll's options, one a line: shown with the post, written by its author, and a place
    for words and links like the text above them (``poll.options[].title``, plain text)."""
    titles = [" ".join((text(option, "title") or "").split())
              for option in items(obj(status, "poll"), "options")]
    return "\n".join(POLL_OPTION + title for title in titles if title)


def _with_poll(body: str, status: dict[str, Any]) -> str:
    poll = _poll_lines(status)
    if not poll:
        return body
    return f"{body}\n\n{poll}" if body else poll


def _descriptions(status: dict[str, Any]) -> tuple[str, ...]:
    """The alt texts of a status's media (``media_attachments[].description``)."""
    return unique([(text(media, "description") or "").strip()
                   for media in items(status, "media_attachments")])


SUSPENDED_BY = "the Mastodon server, marked so when the data was saved"
"""Who suspended an account whose ``suspended`` is true, and when the dump saw it."""


def _edited_away(earlier: Sequence[dict[str, Any]], kept: Sequence[str],
                 shown: dict[str, Any], quoted: str | None,
                 addresses: frozenset[str]) -> tuple[str, ...]:
    """Links of earlier versions (their text's and their card's) that the version shown no
    longer has, oldest first. A version is read as the status it is a version of (a quote's
    fallback line is the quote's in every version): a version says nothing of the quote."""
    now = set(kept)
    quote = {"quote": shown.get("quote")}
    return unique([link for version in earlier
                   for link in (*_body({**quote, **version}, quoted, addresses)[1],
                                text(obj(version, "card"), "url"))
                   if link is not None and link not in now])


def _post(status: dict[str, Any], order: int, accounts: dict[str | None, str | None],
          conversation: str | None, earlier: Sequence[dict[str, Any]] = (),
          dumps: Mapping[str | None, str | None] | None = None) -> Post:
    account = obj(status, "account")
    # A boost carries no text of its own: the boosted status is the content.
    reblog = obj(status, "reblog")
    shown = reblog or status
    quoted = _quote_id(status)
    inner = _quoted(shown)
    addresses = frozenset(a for a in (text(inner, "url"), text(inner, "uri")) if a)
    fallback = _quote_id(reblog) if reblog else quoted
    body, links, labels = _body(shown, fallback, addresses)
    body = _with_poll(body, shown)
    spoiler = text(shown, "spoiler_text")
    card = obj(shown, "card")
    answered = text(status, "in_reply_to_account_id")
    urls = unique([*links, text(card, "url")])
    away = _edited_away(earlier, urls, shown, fallback, addresses)
    suspended = account.get("suspended") is True
    author = _handle(account)
    return Post(
        text=f"{spoiler}\n{body}" if spoiler else body,
        line=order,
        platform=Platform.MASTODON,
        author=author,
        author_kind=as_handle(author),
        display_name=text(account, "display_name"),
        post_id=text(status, "id"),
        reply_to=text(status, "in_reply_to_id"),
        conversation_id=conversation,
        created_at=iso_time(text(status, "created_at")),
        author_created_at=iso_time(text(account, "created_at")),
        urls=(*urls, *away),
        card_title=text(card, "title"),
        link_texts=tuple(labels),
        repost_of=text(reblog, "id"),
        quote_of=quoted or text(status, "quote_id"),
        reply_to_author=(accounts.get(answered) or _mentioned(status, answered)
                         or (dumps or {}).get(answered)) if answered else None,
        author_status="suspended" if suspended else None,
        author_status_by=SUSPENDED_BY if suspended else None,
        edited_at=iso_time(text(shown, "edited_at")),
        edited_away=away,
        alt_text=_descriptions(shown),
        author_labels=mastodon_labels(account),
    )
