"""A candidate group → reasons, score and verdict.

The score is the clamped sum of the reasons' points (``assessment.score.total``). Evidence falls in
families: ``text`` (near-identical text), ``link`` (same dubious link, its domain, an imitated
brand, shorteners), ``handle`` (machine-made handles), ``age`` (young accounts, accounts
created together), ``timing`` (bunched or fast replies), ``stock`` (a stock sentence plus a
link), ``moderation`` (the platform later took most of the accounts down), ``repetition``
(the same accounts posting the same text again and again), ``network`` (the group
co-acted, ``network``, on ``min_repeats`` occasions or more) and ``team`` (the group came as one
burst of its own inside the crowds of several posts, ``NetworkGroup.team_in_crowd``: what fans
with notifications on and friends answering together also show, so never enough alone).
A cluster is ``coordinated`` when its score reaches ``COORDINATED_THRESHOLD`` = 65 *and* its
evidence is independent: both content families (the same text *and* the same dubious link),
the same text repeated by the same accounts, repeated co-action as a group (the coordination
network's finding, on its own: that is what the field calls coordinated), or at least
``MIN_FAMILIES`` = 3 families. Reasons worth 0 points explain an organic verdict and count
for no family.

Why not less: among a thousand real replies a few groups of people write near-identical
sentences, and a real account is sometimes new or has a suggested handle. Near-identical text
(40) plus one such trait shared by two members (20–25) is what chance produces; bots show
several traits at once. So the same text alone, or the same look-alike link alone, never flags
a group.

Per-account counts ("at least two accounts and more than half of them") keep one odd member
from lending its trait to a whole group. An account trait (handles, ages, timing) must also
set the group apart from the rest of the dump (``baseline``: twice as common in the group as
among the others): fans who all reply within minutes, most with the handle X proposed, share
those traits with the whole thread, and a sentence forty of them wrote alike is no campaign for
it. A trait that does not is said with no points (``common-trait``).

``taken-down`` is a family of its own and never enough alone: the platform judged each
account with what we cannot see (sign-up data, devices, reports), so it is independent of the
text, links and timing we compare; but accounts are taken down for many things (spam,
harassment, impersonation), one at a time, so it says the accounts broke the rules, not that
they acted together. With the same text (40 + 25) a group still needs a third family.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from threadscope.assessment.score import total
from threadscope.authors import Account, author_label, is_handle
from threadscope.bots import codes, signals
from threadscope.bots.baseline import Baseline, Verdict
from threadscope.bots.cluster import Grouping, accounts_of
from threadscope.bots.links import LinkedReplies, dubious, landing_domain, shortened
from threadscope.bots.network import (
    CONTEXT,
    KINDS,
    MIN_GROUP,
    Describe,
    Network,
    NetworkGroup,
)
from threadscope.bots.normalise import disguised, unmasked
from threadscope.models import Post, PostKind, Reason

COORDINATED_THRESHOLD = 65
MIN_FAMILIES = 3
SUFFICIENT = (frozenset({"text", "link"}), frozenset({"text", "repetition"}),
              frozenset({"network"}))
"""Families that are independent evidence together (or alone, for the network's finding)."""

POINTS = {
    codes.SAME_TEXT: 40,
    codes.IMITATED_BRAND: 40,
    codes.FLAGGED_DOMAIN: 25,
    codes.SAME_DOMAIN: 15,
    codes.SAME_LINK: 20,
    codes.SHORTENER: 10,
    codes.MACHINE_HANDLES: 20,
    codes.YOUNG_ACCOUNTS: 25,
    codes.CREATED_TOGETHER: 20,
    codes.TAKEN_DOWN: 25,
    codes.BUNCHED_REPLIES: 15,
    codes.FAST_REPLIES: 15,
    codes.STOCK_LINK: 10,
    codes.REPEATED_TEXT: 30,
    codes.CO_ACTION: 70,
    codes.CO_ACTION_ALSO: 10,
    codes.TEAM_IN_CROWD: 40,
    codes.ACTED_APART: 0,
    codes.ACTED_TOGETHER_ONCE: 0,
    codes.CROWD: 0,
    codes.OUT_OF_STEP: 0,
    codes.SHORT_OF_COORDINATED: 0,
    codes.COMMON_TRAIT: 0,
}
FAMILY = {
    codes.SAME_TEXT: "text",
    codes.IMITATED_BRAND: "link",
    codes.FLAGGED_DOMAIN: "link",
    codes.SAME_DOMAIN: "link",
    codes.SAME_LINK: "link",
    codes.SHORTENER: "link",
    codes.MACHINE_HANDLES: "handle",
    codes.YOUNG_ACCOUNTS: "age",
    codes.CREATED_TOGETHER: "age",
    codes.TAKEN_DOWN: "moderation",
    codes.BUNCHED_REPLIES: "timing",
    codes.FAST_REPLIES: "timing",
    codes.STOCK_LINK: "stock",
    codes.REPEATED_TEXT: "repetition",
    codes.TEAM_IN_CROWD: "team",
    "co-retweet": "network",
    "co-reply": "network",
    "co-link": "network",
    "co-text": "network",
}
ACTED = {
    "co-retweet": ("retweeted", "posts"),
    "co-reply": ("replied to", "posts"),
    "co-link": ("posted", "links"),
    "co-text": ("posted", "texts"),
}
"""How each kind of co-action reads in a reason: the verb and what it acts on."""
BUNCH_MINUTES = 15
"""Replies inside one window this long are bunched."""
BUNCH_SHARE = 0.8
REPEATED_MIN_WORDS = 12
"""Words a text needs before posting it verbatim again and again is evidence (``repeated-text``)."""
CREATED_TOGETHER_DAYS = 3
CREATED_TOGETHER_MIN = 3
"""Two accounts created the same week happen by chance; three of a group is a batch."""


@dataclass(frozen=True)
class Context:
    """What every cluster's scoring looks at."""

    posts: Sequence[Post]
    grouping: Grouping
    linked: LinkedReplies
    times: signals.PostTimes
    """When each post was made, its account created, and the post being answered made."""
    network: Network | None = None
    describe: Describe | None = None
    """(kind, object key) → how the object reads in a reason."""
    owners: Sequence[Account] = ()
    """Each post's account (``cluster.accounts_of``); made from ``posts`` when not given."""

    def __post_init__(self) -> None:
        if len(self.owners) != len(self.posts):
            object.__setattr__(self, "owners", accounts_of(self.posts))

    @functools.cached_property
    def baseline(self) -> Baseline:
        """How common each account trait is in the whole dump (``baseline``), read once."""
        return Baseline(self.posts, self.owners, self.times)


@dataclass(frozen=True)
class Scored:
    reasons: tuple[Reason, ...]
    score: int
    coordinated: bool
    imitates: tuple[str, ...]


def families(reasons: Sequence[Reason]) -> set[str]:
    return {FAMILY.get(reason.code, reason.code) for reason in reasons if reason.points}


def independent(found: set[str]) -> bool:
    """Sufficient families together (``SUFFICIENT``), or any three families."""
    return any(need <= found for need in SUFFICIENT) or len(found) >= MIN_FAMILIES


def score_group(members: Sequence[int], context: Context, network: int | None = None) -> Scored:
    """``network``: the index of the network group this group is, if it is one."""
    accounts = _accounts(members, context)
    reasons: list[Reason] = []
    if network is not None and context.network is not None:
        group = context.network.groups[network]
        if group.team_in_crowd(context.network.min_repeats):
            reasons.append(_team(group, accounts, context))
        elif not group.acted_together(context.network.min_repeats):
            # Linked, but not as a team: say why, and leave what they wrote to the text and
            # link clusters their posts are also in (scored there, with everyone else's).
            return Scored((_apart(group, context),), 0, False, ())
        else:
            reasons.extend(_repeated(group, context))
    for check in (_same_text, _links, _handles, _ages, _taken_down, _timing, _stock):
        reasons.extend(check(members, accounts, context))
    score = total(reasons)
    found = families(reasons)
    coordinated = score >= COORDINATED_THRESHOLD and independent(found)
    if score and not coordinated:
        reasons.append(_short_of_coordinated(score, found))
    return Scored(tuple(reasons), score, coordinated, _imitated(members, context))


FAMILY_WORDS = {"text": "near-identical text", "link": "links", "handle": "handles",
                "age": "account ages", "moderation": "takedowns", "timing": "timing",
                "stock": "stock links", "repetition": "repeated text", "network": "co-action",
                "team": "a team's bursts inside crowds"}


def _short_of_coordinated(score: int, found: set[str]) -> Reason:
    """The organic verdict of a cluster with points, said: a table showed "organic 60" over
    +40 and +20 and no word of why."""
    if score < COORDINATED_THRESHOLD:
        detail = (f"organic: {score} points is under the {COORDINATED_THRESHOLD} a coordinated "
                  "cluster needs")
    else:
        kinds = ", ".join(FAMILY_WORDS.get(family, family) for family in sorted(found))
        detail = (f"organic: {score} points, but from too few independent kinds of evidence "
                  f"({kinds}); coordinated needs the same text with a dubious link, the same "
                  "text repeated by the same accounts, a group acting together again and "
                  f"again, or {MIN_FAMILIES} kinds")
    return _reason(codes.SHORT_OF_COORDINATED, detail)


def _reason(code: str, detail: str, points: str | None = None) -> Reason:
    return Reason(code, POINTS[points or code], detail)


def _accounts(members: Sequence[int], context: Context) -> dict[Account, list[int]]:
    accounts: dict[Account, list[int]] = defaultdict(list)
    for i in members:
        accounts[context.owners[i]].append(i)
    return accounts


def _enough(count: int, accounts: int) -> bool:
    """At least two accounts and more than half of the group."""
    return count >= 2 and count * 2 > accounts


def _repeated(group: NetworkGroup, context: Context) -> list[Reason]:
    network = context.network
    assert network is not None
    by_kind: dict[int, list[int]] = defaultdict(list)
    for occasion in group.occasions:
        by_kind[occasion.kind].append(occasion.members)
    order = sorted(by_kind, key=lambda kind: -len(by_kind[kind]))
    reasons = []
    for rank, kind in enumerate(order):
        name = KINDS[kind]
        verb, things = ACTED[name]
        counts = by_kind[kind]
        objects = [o.key for o in group.occasions if o.kind == kind]
        sample = ", ".join(_describe(context, kind, key) for key in dict.fromkeys(objects[:3]))
        seconds = f"{network.window[kind]:g} s"
        members = f"{min(counts)}–{max(counts)}" if min(counts) != max(counts) else f"{counts[0]}"
        each = "" if len(counts) == 1 else "each time "
        spread = max(o.spread for o in group.occasions if o.kind == kind)
        apart = (f"{'at most ' if len(counts) > 1 else ''}{spread:.0f} s apart"
                 if spread >= 0.5 else "in the same second")
        detail = (
            f"{len(group.accounts)} accounts {verb} the same {things} together "
            f"{signals.times(len(counts))}: {each}{members} of them within {seconds}, "
            f"{apart} ({sample})"
        )
        points = codes.CO_ACTION if rank == 0 else codes.CO_ACTION_ALSO
        reasons.append(_reason(name, detail, points))
    return reasons


NAMED = 8
"""Accounts a reason names before it says how many more."""


def _named(accounts: Sequence[Account]) -> str:
    """``@anna, @ben and 3 more``: the accounts a reason is about."""
    names = sorted(author_label(a.name, a.kind) for a in accounts)
    more = f" and {len(names) - NAMED} more" if len(names) > NAMED else ""
    return ", ".join(names[:NAMED]) + more


def _team(group: NetworkGroup, accounts: dict[Account, list[int]], context: Context) -> Reason:
    """A team inside crowds (``NetworkGroup.team_in_crowd``), said with its accounts, how
    close together they came, and the crowds they came in."""
    network = context.network
    assert network is not None
    bursts = sorted((*group.occasions, *group.bursts), key=lambda o: (o.kind, o.key))
    kind = max({o.kind for o in bursts}, key=lambda k: sum(o.kind == k for o in bursts))
    mine = [o for o in bursts if o.kind == kind]
    verb, things = ACTED[KINDS[kind]]
    members = sorted({o.members for o in mine})
    burst = sorted({o.burst for o in mine})
    crowd = sorted({o.crowd for o in mine})
    sample = ", ".join(_describe(context, kind, o.key) for o in mine[:3])
    return _reason(codes.TEAM_IN_CROWD, (
        f"{len(accounts)} accounts ({_named(list(accounts))}) {verb} the same {things} as one "
        f"burst {signals.times(len(mine))}: each time {_range(members)} of them within "
        f"{max(o.spread for o in mine):.0f} s, {_range(burst)} accounts in all in those "
        f"seconds, out of {_range(crowd)} that {verb} the same one in the "
        f"{network.window[kind] * (2 * CONTEXT + 1) / 60:g} minutes around ({sample}); "
        f"over everything several of them acted on ({group.shared} posts, links or texts), "
        f"{group.step_share:.0%} came within one {network.window[kind]:g} s window"
    ))


def _range(values: Sequence[int]) -> str:
    return f"{values[0]}–{values[-1]}" if values[0] != values[-1] else f"{values[0]}"


def _apart(group: NetworkGroup, context: Context) -> Reason:
    network = context.network
    assert network is not None
    if len(group.in_crowds) + group.repeats >= network.min_repeats and group.in_crowds:
        widest = max(group.in_crowds, key=lambda o: o.crowd)
        verb, things = ACTED[KINDS[widest.kind]]
        return _reason(codes.CROWD, (
            f"{len(group.accounts)} accounts {verb} the same {things} close together "
            f"{signals.times(len(group.in_crowds))}, but inside crowds: {widest.members} of the "
            f"{widest.crowd} accounts that {verb} {_describe(context, widest.kind, widest.key)} "
            f"within {network.window[widest.kind]:g} s; a popular post's burst, not a team"
        ))
    if group.repeats >= network.min_repeats:
        kinds = sorted({KINDS[o.kind] for o in group.occasions})
        return _reason(codes.OUT_OF_STEP, (
            f"{len(group.accounts)} accounts acted together {signals.times(group.repeats)} "
            f"({', '.join(kinds)}), but out of step: on the "
            f"{signals.counted(group.shared, 'object')} several of "
            f"them acted on, {group.step_share:.0%} of them did so within one window, the rest "
            f"minutes apart (people who follow the same accounts, each at their own pace)"
        ))
    if group.repeats == 1:
        occasion = group.occasions[0]
        verb, things = ACTED[KINDS[occasion.kind]]
        return _reason(codes.ACTED_TOGETHER_ONCE, (
            f"{occasion.members} accounts {verb} one of the same {things} within "
            f"{network.window[occasion.kind]:g} s once "
            f"({_describe(context, occasion.kind, occasion.key)}): once is what a popular "
            f"post draws; coordination repeats"
        ))
    if len(group.accounts) < MIN_GROUP and tuple(sorted(group.accounts)) in network.pairs:
        return _pair(group, network)
    return _reason(codes.ACTED_APART, (
        f"{len(group.accounts)} accounts co-acted in pairs (up to "
        f"{signals.times(group.strongest)} a pair) but never as a group: each pair met on "
        f"its own, as people who follow the same accounts do"
    ))


def _pair(group: NetworkGroup, network: Network) -> Reason:
    """Two accounts that co-acted again and again: what they did, and why two are no group
    (it read "never as a group: each pair met on its own", of the one pair that met)."""
    first, second = sorted(group.accounts)
    pair = network.pairs[(first, second)]
    kind = max(range(len(KINDS)), key=pair.weights.__getitem__)
    verb, things = ACTED[KINDS[kind]]
    sample = ", ".join(pair.objects[kind][:3])
    return _reason(codes.ACTED_APART, (
        f"2 accounts {verb} the same {things} within {network.window[kind]:g} s "
        f"{signals.times(pair.weights[kind])} ({sample}), but a pair is no group: "
        f"coordination is read from {MIN_GROUP} accounts or more acting together; two people "
        "who follow the same accounts meet so"
    ))


def _describe(context: Context, kind: int, key: str) -> str:
    label = context.describe(kind, key) if context.describe else key
    if len(label) > 60 and key.startswith("at://") and key in label:
        label = label.replace(key, _short_uri(key, named=not label.startswith("post ")))
    if len(label) <= 60:
        return label
    if label.startswith("“") and label.endswith("”"):  # a quoted text stays quoted
        return label[:58].rstrip("…") + "…”"
    return label[:59] + "…"


def _short_uri(uri: str, *, named: bool) -> str:
    """A Bluesky post URI as a reason shows it: cut at 60 characters, every post of one
    account would read ``at://did:plc:abc…``; its record key is what tells them apart
    (``…/3l3qo2vutsw2b`` after the author's name, ``at://DID/…/3l3qo2vutsw2b`` without)."""
    rkey = uri.rpartition("/")[2]
    return f"…/{rkey}" if named else f"at://{uri[5:].partition('/')[0]}/…/{rkey}"


def _same_text(
    members: Sequence[int], accounts: dict[Account, list[int]], context: Context
) -> list[Reason]:
    by_text: dict[int, dict[Account, int]] = defaultdict(lambda: defaultdict(int))
    for i in members:
        if context.grouping.informative[i]:
            by_text[context.grouping.text_group[i]][context.owners[i]] += 1
    shared = [group for group in by_text.values() if len(group) >= 2]
    if not shared:
        return []
    count = len(set().union(*shared))
    root = max(by_text, key=lambda key: len(by_text[key]))
    texts = [context.posts[i].text for i in members if context.grouping.text_group[i] == root]
    sample = " ".join(unmasked(texts[0]).split())
    sample = sample if len(sample) <= 80 else sample[:79] + "…"
    hidden = sum(map(disguised, texts))
    said = (f"; {hidden} of the {len(texts)} copies hide invisible characters or look-alike "
            "letters of another script" + (" (quoted without them)" if disguised(texts[0])
                                           else "")) if hidden else ""
    reasons = [_reason(codes.SAME_TEXT,
                       f"{count} accounts posted near-identical text: “{sample}”{said}")]
    reasons.extend(_repeated_text(members, context))
    return reasons


def _repeated_text(members: Sequence[int], context: Context) -> list[Reason]:
    """The same accounts posting the very same long text again and again (not merely alike).

    A stock phrase ("Vielen Dank für diesen wichtigen Thread") is something people reuse; a
    paragraph of ``REPEATED_MIN_WORDS`` words or more, verbatim, from several accounts several
    times each, is not.
    """
    repeats = context.network.min_repeats if context.network else 2
    exact, posts = context.grouping.exact, context.posts
    # Only a text that three accounts posted that often, long or short, can pass: the words
    # are counted for its posts alone (leaving the others out changes no order below).
    possible = {
        number for number, counts in _posted_by(members, context, lambda i: True).items()
        if sum(n >= repeats for n in counts.values()) >= 3
    }
    by_exact = _posted_by(
        members, context,
        lambda i: exact[i] in possible and len(posts[i].text.split()) >= REPEATED_MIN_WORDS,
    )  # fmt: skip
    for counts in sorted(by_exact.values(), key=len, reverse=True):
        again = {a for a, n in counts.items() if n >= repeats}
        if len(again) >= 3 and _enough(len(again), len(counts)):
            times = min(counts[a] for a in again)
            return [_reason(
                codes.REPEATED_TEXT,
                f"{len(again)} accounts posted the very same text {signals.times(times)} or "
                "more each",
            )]
    return []


def _posted_by(
    members: Sequence[int], context: Context, keep: Callable[[int], bool]
) -> dict[int, dict[Account, int]]:
    """Exact text → account → how many of the members ``keep`` takes it posted."""
    exact = context.grouping.exact
    counts: dict[int, dict[Account, int]] = defaultdict(lambda: defaultdict(int))
    for i in members:
        if exact[i] >= 0 and keep(i):
            counts[exact[i]][context.owners[i]] += 1
    return counts


def _links(
    members: Sequence[int], accounts: dict[Account, list[int]], context: Context
) -> list[Reason]:
    brands: dict[str, set[Account]] = defaultdict(set)
    domains: dict[str, set[Account]] = defaultdict(set)
    urls: dict[str, set[Account]] = defaultdict(set)
    shorteners: set[Account] = set()
    for i in members:
        account = context.owners[i]
        for position in context.linked.per_reply[i]:
            item = context.linked.assessments[position]
            if item.verdict.flagged and item.imitates:
                brands[item.imitates].add(account)
            landing = landing_domain(item)
            if dubious(item) and landing:
                domains[landing].add(account)
            if dubious(item):
                urls[item.final_url or item.url or ""].add(account)
            if shortened(item):
                shorteners.add(account)
    reasons: list[Reason] = []
    brand = _widest(brands)
    if brand:
        names = ", ".join(sorted(d for d, who in domains.items() if who & brands[brand])[:4])
        reasons.append(_reason(
            codes.IMITATED_BRAND,
            f"{len(brands[brand])} accounts link to look-alikes of {brand} ({names})",
        ))
    elif domain := _widest(domains):
        reasons.append(_domain_reason(domain, domains[domain], context))
    if url := _widest(urls):
        reasons.append(_reason(codes.SAME_LINK, f"{len(urls[url])} accounts posted {url[:100]}"))
    if len(shorteners) >= 2:
        reasons.append(_reason(
            codes.SHORTENER, f"{len(shorteners)} accounts hide their links behind shorteners"
        ))
    return reasons


def _domain_reason(domain: str, accounts: set[Account], context: Context) -> Reason:
    verdicts = {a.verdict for a in context.linked.assessments if landing_domain(a) == domain}
    flagged = next((v for v in verdicts if v.flagged), None)
    if flagged is not None:
        return _reason(
            codes.FLAGGED_DOMAIN, f"{len(accounts)} accounts link to {domain} ({flagged.value})"
        )
    return _reason(codes.SAME_DOMAIN, f"{len(accounts)} accounts link to {domain}")


def _widest(table: dict[str, set[Account]]) -> str | None:
    """The key shared by most accounts, if at least two share it."""
    if not table:
        return None
    key = max(sorted(table), key=lambda k: len(table[k]))
    return key if len(table[key]) >= 2 else None


def _handles(
    members: Sequence[int], accounts: dict[Account, list[int]], context: Context
) -> list[Reason]:
    """Most of the cluster's accounts have a generated handle (``signals.generated_handle``).
    Counted over all its accounts: a display name or an id, whose handle the dump does not
    show, is no evidence either way, so it does not make the rest a majority."""
    machine = [a for a, own in accounts.items()
               if signals.generated_handle(a.name, a.kind,
                                           signals.handle_platform(context.posts, own))]
    if not _enough(len(machine), len(accounts)):
        return []
    examples = ", ".join(author_label(account.name, account.kind) for account in machine[:3])
    if all(is_handle(account.name, account.kind) for account in accounts):
        said = f"{len(accounts)} handles are"
    else:
        said = f"{len(accounts)} accounts have handles that are"
    return [_weighed(
        codes.MACHINE_HANDLES,
        f"{len(machine)} of {said} a name plus 5–8 digits, the shape of the handles X "
        f"proposes at sign-up", examples,
        context.baseline.handles.weigh(accounts.keys(), len(machine)),
    )]


def _weighed(code: str, claim: str, shown: str, verdict: Verdict) -> Reason:
    """A trait's reason as ``baseline`` weighed it: with its points and the others' share
    where the group stands out, else ``common-trait`` (no points) saying why it is not
    counted. ``shown``: what the claim cites (examples, a span), or empty."""
    cited = "; ".join(part for part in (shown, verdict.against) if part)
    detail = f"{claim} ({cited})" if cited else claim
    if verdict.stands_out:
        return _reason(code, detail)
    return _reason(codes.COMMON_TRAIT, f"not counted, as common outside the group: {detail}")


def _ages(
    members: Sequence[int], accounts: dict[Account, list[int]], context: Context
) -> list[Reason]:
    times = context.times
    young: list[Post] = []  # the first post each young account was young at
    created: list[int] = []
    for indices in accounts.values():
        first = next((i for i in indices if times.is_young(i)), None)
        if first is not None:
            young.append(context.posts[first])
        moment = times.created(indices[0])
        if moment is not None:
            created.append(moment)
    found: list[Reason] = []
    if _enough(len(young), len(accounts)):
        found.append(_weighed(
            codes.YOUNG_ACCOUNTS,
            f"{len(young)} of {len(accounts)} accounts were created at most "
            f"{signals.YOUNG_DAYS} days before they {signals.acted_all(young)}", "",
            context.baseline.young.weigh(accounts.keys(), len(young)),
        ))
        if found[0].points:
            return found
    together, first, last = _densest_span(created, timedelta(days=CREATED_TOGETHER_DAYS))
    if together >= CREATED_TOGETHER_MIN and _enough(together, len(accounts)):
        found.append(_reason(
            codes.CREATED_TOGETHER,
            f"{together} of {len(accounts)} accounts were created within "
            f"{CREATED_TOGETHER_DAYS} days of each other ({_span(first, last, days=True)})",
        ))
    return found


def _taken_down(
    members: Sequence[int], accounts: dict[Account, list[int]], context: Context
) -> list[Reason]:
    firsts = [context.posts[indices[0]] for indices in accounts.values()]
    removed = [post for post in firsts if signals.taken_down(post.author_status)]
    if not _enough(len(removed), len(accounts)):
        return []
    by = Counter(map(signals.status_by, removed)).most_common(1)[0][0]
    return [_reason(
        codes.TAKEN_DOWN,
        f"{len(removed)} of {len(accounts)} accounts were taken down or suspended by {by}",
    )]


def _densest(moments: list[int], window: timedelta) -> int:
    """The most moments (``signals.micros``) inside any one window of the given length (two
    pointers, sorted)."""
    return _densest_span(moments, window)[0]


def _densest_span(moments: list[int], window: timedelta) -> tuple[int, int, int]:
    """``_densest``, with the first and the last moment of that window (the earliest such
    window): a reason says when, so that a reader finds the posts."""
    moments = sorted(moments)
    span = window // timedelta(microseconds=1)
    best = start = 0
    first = last = 0
    for end, moment in enumerate(moments):
        while moment - moments[start] > span:
            start += 1
        if end - start + 1 > best:
            best, first, last = end - start + 1, moments[start], moment
    return best, first, last


def _span(first: int, last: int, *, days: bool = False) -> str:
    """``2024-04-05 12:00:10–12:09:40 UTC``, ``2024-03-01 to 2024-03-03`` (``all on
    2024-03-01``): when, in a reason."""
    start, end = (signals.EPOCH + timedelta(microseconds=m) for m in (first, last))
    if days:
        shown = [f"{moment:%Y-%m-%d}" for moment in (start, end)]
        return f"all on {shown[0]}" if shown[0] == shown[1] else f"{shown[0]} to {shown[1]}"
    head = signals.shown_time(start)
    if f"{start:%Y-%m-%d}" == f"{end:%Y-%m-%d}":
        return f"{head[:-4]}–{end:%H:%M:%S} UTC"
    return f"{head[:-4]} to {signals.shown_time(end)}"


def _timing(
    members: Sequence[int], accounts: dict[Account, list[int]], context: Context
) -> list[Reason]:
    replies = context.posts
    members = [i for i in members if replies[i].kind is not PostKind.REPOST]  # bursts are theirs
    times = context.times
    quick = [i for i in sorted(times.maybe_fast.intersection(members))
             if times.fast_reply(replies[i], i) is not None]
    fast = {context.owners[i] for i in quick}
    found: list[Reason] = []
    if _enough(len(fast), len(accounts)):
        since = sorted({times.since_label(i) for i in quick})
        of = since[0] if len(since) == 1 else (
            f"the first post of their own threads ({len(since)} threads)")
        did = signals.acted_all(replies[i] for i in quick)
        found.append(_weighed(
            codes.FAST_REPLIES,
            f"{len(fast)} accounts {did} within {signals.FAST_MINUTES} minutes after {of}", "",
            context.baseline.fast.weigh(accounts.keys(), len(fast)),
        ))
        if found[0].points:
            return found
    posted = [t for i in members if (t := times.posted(i)) is not None]
    bunched, first, last = _densest_span(posted, timedelta(minutes=BUNCH_MINUTES))
    if bunched >= 3 and bunched >= BUNCH_SHARE * len(posted):
        found.append(_weighed(
            codes.BUNCHED_REPLIES,
            f"{bunched} of the group's {len(posted)} replies were posted within "
            f"{BUNCH_MINUTES} minutes", _span(first, last),
            context.baseline.bunched(bunched, len(posted), first, last),
        ))
    return found


def _stock(
    members: Sequence[int], accounts: dict[Account, list[int]], context: Context
) -> list[Reason]:
    stock = {
        context.owners[i]
        for i in members
        if context.linked.per_reply[i]  # no link, no stock sentence plus a link
        and signals.stock_with_link(context.posts[i], _dubious_links(i, context))
    }
    if not _enough(len(stock), len(accounts)):
        return []
    return [_reason(
        codes.STOCK_LINK,
        f"{len(stock)} accounts posted one short sentence plus a link, nothing else",
    )]


def _dubious_links(i: int, context: Context) -> int:
    return sum(dubious(context.linked.assessments[p]) for p in context.linked.per_reply[i])


def _imitated(members: Sequence[int], context: Context) -> tuple[str, ...]:
    found = {
        item.imitates
        for i in members
        for position in context.linked.per_reply[i]
        if (item := context.linked.assessments[position]).imitates and item.verdict.flagged
    }
    return tuple(sorted(found))
