"""Telegram → posts: Telegram Desktop's JSON export and Telethon message dumps.

Two shapes, both recognised by content:

- **Telegram Desktop** "Export chat history" → JSON (``result.json``): one chat
  ``{"name", "type", "id", "messages": [...]}``, or the whole account's export, whose chats
  are under ``{"chats": {"list": [...]}}`` (``left_chats`` too). A message is
  ``{"id", "type": "message", "date", "date_unixtime", "from", "from_id": "user456",
  "text", "text_entities", "reply_to_message_id", "forwarded_from", …}``; ``text`` is a
  string, or a list of strings and entity objects, and ``text_entities`` the same parts as
  objects (``{"type": "text_link", "text": "hier", "href": "https://…"}``).
- **Telethon** (``Message.to_dict()`` / ``to_json()``, one a line or as a list):
  ``{"_": "Message", "id", "peer_id": {"_": "PeerChannel", "channel_id"}, "date",
  "message", "entities": [{"_": "MessageEntityTextUrl", "offset", "length", "url"}],
  "from_id", "reply_to", "fwd_from", "media": {"_": "MessageMediaWebPage", "webpage"}}``.

What is read, and why:

- Service messages (joins, pins, title changes; Telethon's ``MessageService``) are no posts.
- Message ids count per chat, so a post's id is ``CHAT/MESSAGE`` with the chat's bare id
  (Desktop's ``id``, Telethon's ``channel_id`` / ``chat_id`` / ``user_id``): the two shapes
  name a message alike, and chats of a full export never collide. A reply names its parent
  the same way (``reply_to_message_id``; Telethon's ``reply_to_msg_id``, in
  ``reply_to_peer_id``'s chat where it names another), which makes the reply graph: the
  comments under a channel post in its discussion group answer the group's copy of it.
- The author is the sender's name as the export gives it (``from``), else its ``from_id``
  (``user456``, ``channel123``: Desktop's form, which Telethon's peers are written in too,
  since Telethon's messages carry no names). Two senders of one name in one export are
  told apart by their ``from_id`` (``Anna (user456)``): accounts that copy a name are
  still two accounts to ``bots``, not one repeating itself.
- The author's stable id (``Post.author_id``) is the sender's peer, which no change of name
  touches: Desktop's ``from_id`` (``user456``; an older export's bare number as given), a
  channel's own (``channel`` and the chat's id) for a channel post that names no sender,
  Telethon's ``from_id`` peer (else the chat's, as its author); none for a message that
  names no sender at all (the account's own message in a private chat, in Telethon).
- A reply's ``reply_to_author`` is the author of the message it answers, wherever the dump
  holds it: Telethon saves newest first, so the message answered comes on a later line
  (``TelegramFacts``, which ``bots`` carries from line to line).
- Times are UTC: Desktop's ``date_unixtime`` (``date`` is the exporting computer's local
  time, without a zone; read as UTC only where no ``date_unixtime`` is, with a warning),
  Telethon's ``date``.
- Links: the ``href`` of a ``text_link`` (words that hide their address, the classic
  evasion: the address is the link, not the words), ``link`` entities (``MessageEntityUrl``
  is cut out of the text by its UTF-16 offsets), and a webpage preview's ``url`` with its
  title as the card, as X's link cards.
- A forward is a repost of the forwarded post (what ``bots`` counts as a co-repost): of
  ``CHAT/POST`` where Telethon's ``fwd_from`` names the channel post, else of
  ``@`` and the name it came from (``forwarded_from``), as an archive's ``RT @x``. Its text
  is kept, as context. A channel's post that the channel itself forwarded into its
  discussion group (sender and source the same) is that post, not a repost: the comments
  answer it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.ingest.across import Read, Wait, settle_all, waits
from threadscope.ingest.authorship import as_id, as_name
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Platform, Post

FORMAT = "telegram"

_TELETHON_MESSAGES = frozenset({"Message", "MessageService", "MessageEmpty"})
_PEER_KEYS = {"PeerUser": ("user", "user_id"), "PeerChannel": ("channel", "channel_id"),
              "PeerChat": ("chat", "chat_id")}
_DESKTOP_PEER = ("user", "channel", "chat")
"""Telegram Desktop writes a sender as ``user456`` / ``channel123`` / ``chat7``."""


# --------------------------------------------------------------------------- recognising


def _is_desktop_message(value: dict[str, Any]) -> bool:
    return value.get("type") in ("message", "service") and "id" in value and (
        "date" in value or "date_unixtime" in value)


_DESKTOP_CHAT_TYPES = frozenset({
    "personal_chat", "bot_chat", "saved_messages", "replies", "verification_codes",
    "private_group", "private_supergroup", "public_supergroup", "private_channel",
    "public_channel"})
"""The ``type`` Telegram Desktop gives a chat: an empty chat of one of these (no messages in
the range exported) is a chat all the same."""


def _is_desktop_chat(value: Any) -> bool:
    """One chat of a Desktop export: a ``messages`` list of Desktop messages, or none in a
    chat of a Desktop chat type (an empty chat on its own line of a chat-per-line export)."""
    if not isinstance(value, dict):
        return False
    messages = items(value, "messages")
    if not messages:
        kind = value.get("type")
        return (isinstance(value.get("messages"), list) and isinstance(kind, str)
                and kind in _DESKTOP_CHAT_TYPES)  # a hostile list or dict is unhashable
    return mostly(_is_desktop_message, messages)


def _chat_list(value: Any) -> list[dict[str, Any]]:
    """The chats of a full-account export: ``chats.list`` (and ``left_chats.list``), or a
    bare ``chats`` list."""
    chats: list[dict[str, Any]] = []
    for key in ("chats", "left_chats"):
        found = value.get(key) if isinstance(value, dict) else None
        chats.extend(items(found, "list") if isinstance(found, dict) else items(found))
    return chats


def is_telethon_message(value: Any) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("_"), str):
        return False
    return value["_"] in _TELETHON_MESSAGES and "id" in value


def _desktop_export(value: Any) -> bool:
    """A Desktop chat, or an account's export holding chats (``_chat_list``)."""
    if _is_desktop_chat(value):
        return True
    # an account's chats may open with empty ones
    return any(_is_desktop_chat(c) for c in _chat_list(value))


def is_telegram_desktop(values: Sequence[Any]) -> bool:
    """A Desktop export (one chat, or an account's chats; either, one a line): its first
    value."""
    return _desktop_export(values[0] if values else None)


def is_telethon(values: Sequence[Any]) -> bool:
    """Telethon messages: most of the first records. Told apart from a Desktop export, so
    that a file of both (``cat export.jsonl messages.jsonl``) is read record by record, as a
    stream reads it: read as one, the Desktop reader skipped Telethon's messages."""
    return mostly(is_telethon_message, records(values[:20]))


def _desktop_chats(values: Sequence[Any]) -> tuple[list[dict[str, Any]], int]:
    """Every chat of the values, in order: a chat, or an account's export (its chats), each
    value (a chat per line of JSON Lines, read whole); and how many values were neither."""
    chats: list[dict[str, Any]] = []
    others = 0
    for value in values:
        if _is_desktop_chat(value):
            chats.append(value)
        elif listed := _chat_list(value):
            chats.extend(listed)
        else:
            others += 1
    return chats, others


# --------------------------------------------------------------------------- UTF-16 offsets


def utf16_units(body: str) -> bytes:
    """The text as the UTF-16 code units Telegram counts offsets in (two bytes each), where
    an emoji outside the BMP is two units. A lone surrogate (a ``\\ud83d`` escape in hostile
    JSON) is one unit, as it is to Telegram."""
    return body.encode("utf-16-le", errors="surrogatepass")


def utf16_slice(units: bytes, offset: int, length: int) -> str:
    """The characters an entity covers, cut from ``utf16_units``; what no text can hold (half
    a surrogate pair) becomes U+FFFD."""
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le", errors="replace")


def utf16_length(body: str) -> int:
    return len(utf16_units(body)) // 2


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# --------------------------------------------------------------------------- Telegram Desktop


def _desktop_parts(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's text as entity objects: ``text_entities``, else ``text`` as a list
    (strings are plain parts), else ``text`` as one plain part."""
    entities = message.get("text_entities")
    if isinstance(entities, list):
        return items(entities)
    body = message.get("text")
    if isinstance(body, list):
        return [{"type": "plain", "text": p} if isinstance(p, str) else p
                for p in body if isinstance(p, str | dict)]
    return [{"type": "plain", "text": body}] if isinstance(body, str) else []


def _desktop_body(message: dict[str, Any]) -> tuple[str, list[str]]:
    """The text, and the links of its ``link`` and ``text_link`` parts."""
    words: list[str] = []
    links: list[str] = []
    for part in _desktop_parts(message):
        said = text(part, "text") or ""
        words.append(said)
        kind = part.get("type")
        if kind == "text_link":
            links.append(text(part, "href") or "")
        elif kind == "link":
            links.append(said)
    body = "".join(words)
    if not body and isinstance(message.get("text"), str):
        body = message["text"]
    return body, links


def _bare_peer(value: Any) -> str | None:
    """``channel123`` → ``123``; a bare number as it is."""
    said = value if isinstance(value, str) else str(value) if _int(value) is not None else None
    if not said:
        return None
    for prefix in _DESKTOP_PEER:
        if said.startswith(prefix) and said[len(prefix):].isdigit():
            return said[len(prefix):]
    return said


def _scoped(chat: str | None, message_id: str | None) -> str | None:
    if message_id is None:
        return None
    return f"{chat}/{message_id}" if chat else message_id


@dataclass
class _Desktop:
    """Messages of Desktop chats, read into posts as their messages name them; which names
    stand for several senders is ``TelegramFacts``'s to settle, once every chat is read."""

    read: list[tuple[Post, str | None]] = field(default_factory=list)
    """Each post with its sender's ``from_id``."""
    local_times: int = 0
    others: int = 0

    def chat(self, chat: dict[str, Any]) -> None:
        chat_id = _bare_peer(chat.get("id"))
        chat_name = text(chat, "name")
        channel = _channel_peer(chat, chat_id)
        for message in items(chat, "messages"):
            if not _is_desktop_message(message):
                self.others += 1
            elif message.get("type") == "message":
                sender = text(message, "from_id")
                account = _desktop_account(sender, message, channel)
                self.read.append((self._post(message, (chat_id, chat_name), sender, account),
                                  sender))

    def _post(self, message: dict[str, Any], chat_of: tuple[str | None, str | None],
              sender: str | None, account: str | None) -> Post:
        chat, chat_name = chat_of
        body, links = _desktop_body(message)
        name = text(message, "from") or None
        when = iso_time(text(message, "date_unixtime"))
        if when is None:
            when = iso_time(text(message, "date"))
            self.local_times += when is not None
        reply_chat = _bare_peer(message.get("reply_to_peer_id")) or chat
        return Post(
            text=body,
            line=len(self.read) + 1,
            platform=Platform.TELEGRAM,
            author=name or sender or chat_name,
            author_kind=as_name(name) or as_id(sender) or as_name(chat_name),
            author_id=account,
            display_name=name,
            post_id=_scoped(chat, text(message, "id")),
            reply_to=_scoped(reply_chat, text(message, "reply_to_message_id")),
            created_at=when,
            urls=unique(links),
            repost_of=_desktop_forward(message, name, sender),
        )

    def warnings(self) -> list[str]:
        said = list(skipped_warning("Telegram", self.others, "messages"))
        if self.local_times:
            said.append(f"Telegram: {self.local_times} message(s) without date_unixtime; "
                        "their dates are the exporting computer's local time, read as UTC")
        return said


def _channel_peer(chat: dict[str, Any], chat_id: str | None) -> str | None:
    """A channel chat's own account id as Desktop writes a sender's (``channel123``): who
    posts in a channel where a message names no sender (``from_id``). None for other chats,
    whose messages without a sender name no one."""
    kind = chat.get("type")
    if not isinstance(kind, str) or not kind.endswith("_channel") or not chat_id:
        return None
    return f"channel{chat_id}" if chat_id.isdigit() else None


def _desktop_account(sender: str | None, message: dict[str, Any],
                     channel: str | None) -> str | None:
    """The sender's stable account id (``Post.author_id``): its ``from_id`` as the export
    writes it (``user456``, ``channel123``; an older export's bare number as it stands),
    which no change of name touches; a channel's post without one is the channel's own
    (``_channel_peer``). A sender the export does not name (``from`` alone, the ``from_id``
    left out) has none: its name is no account."""
    said = (sender or "").strip()
    if said:
        return said
    if channel is not None and "from" not in message:
        return channel
    return None


def _desktop_forward(message: dict[str, Any], name: str | None,
                     sender: str | None) -> str | None:
    """What a forward reposts: ``@`` and the name it came from (Desktop gives no id of the
    forwarded post); None for no forward, or the sender forwarding its own post (a channel's
    post in its discussion group)."""
    source = text(message, "forwarded_from")
    source_id = text(message, "forwarded_from_id")
    if "forwarded_from" not in message and source_id is None:
        return None
    if (source_id is not None and source_id == sender) or (source is not None
                                                           and source == name):
        return None
    return f"@{source or source_id or 'hidden sender'}"


def _parse_desktop(values: Sequence[Any]) -> _Desktop:
    chats, others = _desktop_chats(values)
    reader = _Desktop(others=others)
    for chat in chats:
        reader.chat(chat)
    return reader


# --------------------------------------------------------------------------- Telethon


def peer_name(peer: Any) -> str | None:
    """``{"_": "PeerUser", "user_id": 77}`` → ``user77``, as Telegram Desktop writes it."""
    kind = _PEER_KEYS.get(text(peer, "_") or "")
    if kind is None:
        return None
    number = text(peer, kind[1])
    return f"{kind[0]}{number}" if number else None


def _peer_id(peer: Any) -> str | None:
    """The bare id of a peer (a chat's id): ``{"_": "PeerChannel", "channel_id": 123}`` →
    ``123``."""
    kind = _PEER_KEYS.get(text(peer, "_") or "")
    return text(peer, kind[1]) if kind else None


MAX_MESSAGE_UNITS = 4096
"""Telegram's limit on a message's text; an entity longer than that covers no link."""
MAX_CUT = 1000
"""``MessageEntityUrl``s cut out of a message's text at most: a message of 4096 units holds
fewer; a hostile one could hold a million, each a slice of the text to copy. A
``MessageEntityTextUrl`` carries its address and costs nothing to read: every one is read,
so that a thousand harmless entities before it do not hide the link."""


def _entity_links(body: str, entities: list[dict[str, Any]]) -> list[str]:
    """``MessageEntityTextUrl``'s ``url``; ``MessageEntityUrl``'s words, cut by UTF-16
    offsets that lie inside the text (encoded once per message)."""
    units = utf16_units(body)
    size = len(units) // 2
    links: list[str] = []
    cut = 0
    for entity in entities:
        kind = entity.get("_")
        if kind == "MessageEntityTextUrl":
            links.append(text(entity, "url") or "")
        elif kind == "MessageEntityUrl" and cut < MAX_CUT:
            offset, length = _int(entity.get("offset")), _int(entity.get("length"))
            if (offset is not None and length is not None and 0 < length <= MAX_MESSAGE_UNITS
                    and 0 <= offset <= size - length):
                cut += 1
                links.append(utf16_slice(units, offset, length).strip())
    return links


def _webpage(media: dict[str, Any]) -> tuple[str | None, str | None]:
    """A link preview's address and title (else its site's name)."""
    if media.get("_") != "MessageMediaWebPage":
        return None, None
    page = obj(media, "webpage")
    return text(page, "url"), text(page, "title") or text(page, "site_name")


def _forwarded(message: dict[str, Any], author: str | None) -> str | None:
    """What a forward reposts: ``CHAT/POST`` of a channel post, else ``@`` its source; None
    for no forward, or the sender's own post forwarded (a channel's into its discussion
    group)."""
    header = message.get("fwd_from")
    if not isinstance(header, dict):
        return None
    source = obj(header, "from_id")
    if source and peer_name(source) == author:
        return None
    post = _scoped(_peer_id(source), text(header, "channel_post")) if source else None
    if post and "/" in post:
        return post
    name = peer_name(source) or text(header, "from_name") or text(header, "post_author")
    return f"@{name or 'hidden sender'}"


def _telethon_post(message: dict[str, Any], order: int) -> Post:
    body = text(message, "message") or ""
    chat = _peer_id(message.get("peer_id"))
    author = peer_name(message.get("from_id")) or _sender_by_chat(message)
    reply = obj(message, "reply_to")
    replying = reply.get("_") == "MessageReplyHeader"
    reply_chat = _peer_id(reply.get("reply_to_peer_id")) or chat
    top = text(reply, "reply_to_top_id") if replying else None
    if replying and reply.get("forum_topic") is True and top is None:
        # a message in a forum topic that answers no one names the topic's first message:
        # its conversation, not a post it replies to (a busy topic is no co-reply)
        top, replying = text(reply, "reply_to_msg_id"), False
    card, title = _webpage(obj(message, "media"))
    return Post(
        text=body,
        line=order,
        platform=Platform.TELEGRAM,
        author=author,
        author_kind=as_id(author),  # a peer: user77, channel123
        author_id=author,  # the peer is the account's id, as Desktop's ``from_id`` is
        display_name=text(message, "post_author"),
        post_id=_scoped(chat, text(message, "id")),
        reply_to=_scoped(reply_chat, text(reply, "reply_to_msg_id")) if replying else None,
        conversation_id=_scoped(reply_chat, top),
        created_at=iso_time(text(message, "date")),
        urls=unique([*_entity_links(body, items(message, "entities")), card]),
        card_title=title,
        repost_of=_forwarded(message, author),
    )


def _sender_by_chat(message: dict[str, Any]) -> str | None:
    """The sender of a message without ``from_id``, as Telethon reads it: the chat itself,
    but for a message the exporting account sent to a person (``out``), which is its own."""
    peer = message.get("peer_id")
    if message.get("out") is True and isinstance(peer, dict) and peer.get("_") == "PeerUser":
        return None
    return peer_name(peer)


def _parse_telethon(messages: list[dict[str, Any]]) -> tuple[list[Post], list[str]]:
    posts: list[Post] = []
    others = 0
    for message in messages:
        if message.get("_") == "Message" and "id" in message:
            posts.append(_telethon_post(message, len(posts) + 1))
        elif not is_telethon_message(message):
            others += 1
    return posts, list(skipped_warning("Telegram", others, "messages"))


# --------------------------------------------------------------------------- both


@dataclass
class TelegramFacts:
    """What the messages of a dump tell about each other, on whichever line: each message's
    author by its id, as the first message of that id in the dump gave it (a reply's
    ``reply_to_author`` is the author of the message it answers, which a Telethon dump saved
    newest first holds on a later line), and which Desktop sender names stand for several
    senders (``Anna (user456)``), over every chat of the export: a chat-per-line export's
    namesakes may be chats apart."""

    authors: dict[str, str | None] = field(default_factory=dict)
    """Message id → its author as read."""
    named: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Message id → its Desktop sender's name and ``from_id``, where it has both."""
    senders: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Desktop sender name → the ``from_id``s it names."""

    def __post_init__(self) -> None:
        self.desktop = _DesktopSenders(self)

    def learn(self, posts: Sequence[Post], senders: Sequence[str | None] = ()) -> None:
        """The posts of a line; ``senders``: each one's Desktop ``from_id`` (Telethon: none)."""
        if not senders:  # Telethon's messages, a million a dump: their authors only
            for post in posts:
                if post.post_id is not None:
                    self.authors.setdefault(post.post_id, post.author)
            return
        for post, sender in zip(posts, senders, strict=True):
            name = post.display_name if sender else None
            if name and sender:
                self.senders[name].add(sender)
            if post.post_id is not None and post.post_id not in self.authors:
                self.authors[post.post_id] = post.author
                if name and sender:
                    self.named[post.post_id] = (name, sender)

    def shown(self, author: str | None, name: str | None, sender: str | None, *,
              final: bool) -> tuple[bool, str | None]:
        """How a sender is shown, and whether that is settled: a name that stands for
        several senders carries the sender's ``from_id`` beside it; a name that does not
        yet may by a later chat, until the dump has ended."""
        if not name or not sender:
            return True, author
        if len(self.senders.get(name, ())) > 1:
            return True, f"{name} ({sender})"
        return final, author

    def settle(self, post: Post, key: str, *, final: bool) -> Post | None:
        """The reply ``post`` with the author of the message ``key`` it answers, once the
        dump has shown that message (or has ended without it)."""
        if key not in self.authors:
            return post if final else None
        author = self.authors[key]
        named = self.named.get(key)
        if named is not None:
            settled, author = self.shown(author, *named, final=final)
            if not settled:
                return None
        return replace(post, reply_to_author=author) if author else post


@dataclass(frozen=True)
class _DesktopSenders:
    """The facts as a Desktop post waits on them, by its sender's ``from_id`` (``""``:
    none): its own author, and the author of the message it answers."""

    facts: TelegramFacts

    def settle(self, post: Post, key: str, *, final: bool) -> Post | None:
        settled, author = self.facts.shown(post.author, post.display_name, key, final=final)
        if not settled:
            return None
        if post.reply_to is not None:
            answered = self.facts.settle(post, post.reply_to, final=final)
            if answered is None:
                return None
            post = answered
        return post if author == post.author else replace(post, author=author)


def parse_telegram(values: list[Any]) -> Dump:
    """A Desktop export (a chat, or an account's chats) or Telethon messages → posts."""
    return settle_all(read_telegram(values, TelegramFacts()))


def read_telegram(values: list[Any], facts: TelegramFacts) -> Read:
    """``parse_telegram`` with the messages earlier lines held (``facts``, which learns this
    line's): a reply waits on the id of the message it answers; a Desktop post by a named
    sender, on the names of every chat."""
    first = values[0] if values else None
    if not (_is_desktop_chat(first) or (isinstance(first, dict) and _chat_list(first))):
        posts, warnings = _parse_telethon(records(values))
        facts.learn(posts)
        return Read(Dump(FORMAT, tuple(posts), tuple(warnings)),
                    waits(facts, (post.reply_to for post in posts)))
    reader = _parse_desktop(values)
    posts = [post for post, _ in reader.read]
    senders = [sender for _, sender in reader.read]
    facts.learn(posts, senders)
    waiting = tuple(
        Wait(facts.desktop, sender or "")
        if post.reply_to is not None or (post.display_name and sender) else None
        for post, sender in reader.read)
    return Read(Dump(FORMAT, tuple(posts), tuple(reader.warnings())),
                waiting if any(waiting) else ())
