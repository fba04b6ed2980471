"""The MISP event is judged by MISP's own definitions, as bundled with PyMISP: every object
against its misp-objects template (relations, types, required fields, lists of values), every
attribute's type and category against describeTypes, every reference against the relationship
list, the document against MISP's JSON schema; PyMISP loads it (strict objects and attributes);
every tag is a machine tag of the MISP galaxy (pymispgalaxies)."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
import subprocess
import sys
import urllib.parse
import uuid
from collections import Counter
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pymisp
import pytest
from click.testing import CliRunner
from pymisp import MISPAttribute, MISPEvent, MISPObject
from pymisp.tools import AttributeValidationTool
from pymispgalaxies import Clusters

from threadscope.assessment import assess, load_registry
from threadscope.cli import cli
from threadscope.models import (
    Assessment,
    AuditReport,
    BotReport,
    Hop,
    Post,
    Reason,
    Thread,
    Verdict,
)
from threadscope.report import common
from threadscope.report.misp_format import (
    IMPERSONATION_TAG,
    INAUTHENTIC_COMMENT_TAG,
    MAX_VALUE_BYTES,
    TEMPLATES,
    MispFormatter,
    link_comment,
)
from threadscope.report.stix_format import uri

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(pymisp.__file__).resolve().parent / "data"
DESCRIBE = json.loads((DATA / "describeTypes.json").read_text("utf-8"))["result"]
RELATIONSHIPS = {
    value["name"]
    for value in json.loads(
        (DATA / "misp-objects" / "relationships" / "definition.json").read_text("utf-8")
    )["values"]
}


@cache
def template(name: str) -> dict[str, Any]:
    path = DATA / "misp-objects" / "objects" / name / "definition.json"
    result: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return result


@cache
def galaxy_tags() -> frozenset[str]:
    """Every machine tag of the MISP galaxies threadscope may use (DISARM techniques)."""
    return frozenset(Clusters().get("disarm-techniques").machinetags())


def _category_fits(kind: str, category: str) -> bool:
    return category in DESCRIBE["categories"] and kind in DESCRIBE["category_type_mappings"][
        category
    ]


def check_value(kind: str, value: str) -> None:
    """MISP's own validation of every type, as PyMISP ports the server's
    ``AttributeValidationTool`` (``validate_attribute``: "replicates MISP server-side
    validation"): the value is valid for its type, and MISP stores it as written. MISP
    rewrites some values before it validates them (a domain lower-cased, a Unicode domain made
    its A-label, an IPv6 address compressed, ``[.]`` refanged): a value it would rewrite is not
    the value the report says it wrote, and may collide with another. Only characters beyond
    the BMP may become ``?`` (MISP's doing on a database without 4-byte UTF-8). Beyond it: a
    domain is a host name, not an address; an ip-dst is an address."""
    normalised = AttributeValidationTool.modifyBeforeValidation(kind, value)
    assert AttributeValidationTool.validate(kind, normalised) is True, (kind, value)
    if kind == "datetime":
        assert isinstance(normalised, datetime), value
    elif kind == "boolean":  # MISP stores "1" and "0"
        assert value in ("1", "0"), value
    else:
        assert normalised == AttributeValidationTool._handle_4byte_unicode(value), (kind, value)
    if kind == "domain":
        assert _address(value) is None and "." in value and "/" not in value, value
    if kind == "ip-dst":
        assert _address(value) is not None, value


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def check_attribute(attribute: dict[str, Any]) -> None:
    assert attribute["type"] in DESCRIBE["types"]
    assert _category_fits(attribute["type"], attribute["category"]), attribute
    assert isinstance(attribute["value"], str) and attribute["value"].strip()
    assert len(attribute["value"].encode()) <= MAX_VALUE_BYTES  # MISP's TEXT columns
    assert len(attribute.get("comment", "").encode()) <= MAX_VALUE_BYTES
    check_value(attribute["type"], attribute["value"])
    assert isinstance(attribute["to_ids"], bool)
    assert attribute["distribution"] == "5"  # inherits the event's
    loaded = MISPAttribute(strict=True)  # raises on a type/category pair MISP refuses
    loaded.from_dict(**attribute)
    if attribute["type"] == "datetime":  # PyMISP parses it, as MISP must
        assert isinstance(loaded.value, datetime)
    else:
        assert loaded.value == attribute["value"]


def check_object(made: dict[str, Any]) -> None:
    definition = template(made["name"])
    assert made["template_uuid"] == definition["uuid"]
    assert int(made["template_version"]) <= int(definition["version"])
    assert made["meta-category"] == definition["meta-category"]
    relations = Counter(attribute["object_relation"] for attribute in made["Attribute"])
    for attribute in made["Attribute"]:
        spec = definition["attributes"][attribute["object_relation"]]  # a known relation
        assert attribute["type"] == spec["misp-attribute"], attribute
        assert attribute["category"] in spec.get("categories", DESCRIBE["categories"])
        if "values_list" in spec:
            assert attribute["value"] in spec["values_list"]
        check_attribute(attribute)
    for relation, count in relations.items():
        assert count == 1 or definition["attributes"][relation].get("multiple"), relation
    assert set(definition.get("required", ())) <= set(relations)
    if "requiredOneOf" in definition:
        assert set(definition["requiredOneOf"]) & set(relations)
    # PyMISP's strict object: unknown relations, required fields and multiplicity again.
    strict = MISPObject(made["name"], strict=True, standalone=False)
    strict.from_dict(**{k: v for k, v in made.items() if k != "template_version"})
    strict.to_dict(strict=True)


def check_event(text: str) -> dict[str, Any]:
    """The event as MISP would take it; returns the parsed ``Event``."""
    document = json.loads(text)
    # MISP's lax schema: its strict one predates objects (PyMISP deprecated validating by it).
    schema = json.loads((DATA / "schema-lax.json").read_text("utf-8"))
    jsonschema.validate(document, schema)
    event = document["Event"]
    loaded = MISPEvent()
    loaded.load(text)
    assert str(loaded.uuid) == event["uuid"] and loaded.info == event["info"]
    assert len(loaded.attributes) == len(event["Attribute"])
    assert len(loaded.objects) == len(event["Object"])
    date.fromisoformat(event["date"])
    assert event["distribution"] == "0" and event["analysis"] == "0"
    assert event["threat_level_id"] in ("2", "3") and event["published"] is False
    uuids = [event["uuid"]]
    for attribute in event["Attribute"]:
        check_attribute(attribute)
        uuids.append(attribute["uuid"])
    # MISP refuses a second attribute of the same type, category and value in an event.
    kinds = Counter((a["type"], a["category"], a["value"]) for a in event["Attribute"])
    assert [key for key, count in kinds.items() if count > 1] == []
    for made in event["Object"]:
        check_object(made)
        uuids += [made["uuid"], *(a["uuid"] for a in made["Attribute"])]
    assert len(uuids) == len(set(uuids))
    assert all(str(uuid.UUID(value)) == value for value in uuids)
    targets = {a["uuid"] for a in event["Attribute"]} | {o["uuid"] for o in event["Object"]}
    for made in event["Object"]:
        for reference in made["ObjectReference"]:
            assert reference["relationship_type"] in RELATIONSHIPS
            assert reference["object_uuid"] == made["uuid"]
            assert reference["referenced_uuid"] in targets
    tags = [tag["name"] for tag in event["Tag"]]
    tags += [tag["name"] for a in event["Attribute"] for tag in a.get("Tag", ())]
    assert set(tags) <= galaxy_tags()
    result: dict[str, Any] = event
    return result


def _attribute(event: dict[str, Any], kind: str, value: str) -> dict[str, Any]:
    (found,) = [a for a in event["Attribute"] if a["type"] == kind and a["value"] == value]
    return found


def _objects(event: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [made for made in event["Object"] if made["name"] == name]


def _values(made: dict[str, Any], relation: str) -> list[str]:
    return [a["value"] for a in made["Attribute"] if a["object_relation"] == relation]


# --------------------------------------------------------------------------- the templates


def test_the_templates_named_are_pymisps() -> None:
    for name, (template_uuid, _version, meta) in TEMPLATES.items():
        assert template(name)["uuid"] == template_uuid
        assert template(name)["meta-category"] == meta


def test_the_tags_are_the_disarm_galaxys() -> None:
    assert {IMPERSONATION_TAG, INAUTHENTIC_COMMENT_TAG} <= galaxy_tags()


# --------------------------------------------------------------------------- audit


def test_audit_event(audit_report: AuditReport) -> None:
    event = check_event(MispFormatter().audit(audit_report))
    assert event["info"].startswith("threadscope audit of dump <b>.txt: 1 look-alike link")
    assert event["threat_level_id"] == "2"
    welt = _attribute(event, "domain", "welt.ltd")
    assert welt["to_ids"] is True and welt["category"] == "Network activity"
    assert "lookalike, score 92/100, imitates welt.de (Die Welt)" in welt["comment"]
    assert "+60 same name as welt.de under .ltd" in welt["comment"]
    assert "Found in thread 2, post 2/14" in welt["comment"]
    assert welt["Tag"] == [{"name": IMPERSONATION_TAG}]
    assert _attribute(event, "url", "https://welt.ltd/")["to_ids"] is True
    assert _attribute(event, "url", "https://welt.ltd/politik/")["to_ids"] is True  # landing
    # The t.co link is flagged for its card: that address, never every t.co link.
    assert _attribute(event, "url", "https://t.co/cykVk0lJUJ")["to_ids"] is True
    assert _attribute(event, "domain", "t.co")["to_ids"] is False
    # Official and benign links are context, live values (never defanged) in MISP.
    wiki = _attribute(event, "domain", "de.wikipedia.org")
    assert wiki["to_ids"] is False and wiki["category"] == "External analysis"
    assert _attribute(event, "domain", "example.org")["to_ids"] is False
    values = json.dumps([a["value"] for a in event["Attribute"]])
    assert "[.]" not in values and "hxxp" not in values
    # A comment is text for a reader: a flagged link is shown defanged there, as in reports.
    assert welt["comment"].endswith("Written as: 𝐰𝐞𝐥𝐭[.]𝐥𝐭𝐝")
    assert wiki["comment"].endswith("Written as: de.wikipedia.org/wiki/Logan_Act")
    assert {tag["name"] for tag in event["Tag"]} == {IMPERSONATION_TAG}


def test_audit_posts_are_microblogs_that_contain_their_links(audit_report: AuditReport) -> None:
    event = check_event(MispFormatter().audit(audit_report))
    posts = _objects(event, "microblog")
    assert len(posts) == sum(len(thread.posts) for thread in audit_report.threads)
    (hosted,) = [p for p in posts if "Hosted on" in _values(p, "post")[0]]
    assert _values(hosted, "embedded-link") == ["https://welt.ltd/", "https://t.co/cykVk0lJUJ"]
    contained = {r["referenced_uuid"] for r in hosted["ObjectReference"]
                 if r["relationship_type"] == "contains"}
    assert contained == {_attribute(event, "url", "https://welt.ltd/")["uuid"],
                         _attribute(event, "url", "https://t.co/cykVk0lJUJ")["uuid"]}
    assert hosted["comment"] == "threadscope: thread 2, post 2/14, line 22"
    # Each thread is a chain: every post but the last is followed by the next.
    follows = [r for p in posts for r in p["ObjectReference"]
               if r["relationship_type"] == "followed-by"]
    assert len(follows) == len(posts) - len(audit_report.threads)


def test_post_fields_map_to_microblog_relations() -> None:
    post = Post("Lesen Sie welt.ltd", line=3, author="MariaWeber13278", display_name="Maria",
                post_id="1679", reply_to="1678", created_at="2023-07-14T09:12:00.000Z")
    odd = Post("no usable time", line=4, author="x", created_at="Fri Jul 14 2023")
    link = Assessment(input="welt.ltd", url="https://welt.ltd/", domain="welt.ltd",
                      registrable_domain="welt.ltd", verdict=Verdict.LOOKALIKE, score=90,
                      imitates="welt.de")
    thread = Thread(1, "MariaWeber13278", None, (), (post, odd), (), ())
    report = AuditReport("x.json", (thread,), (link,), post_links={(1, 0): (0,)})
    event = check_event(MispFormatter().audit(report))
    first, second = _objects(event, "microblog")
    assert _values(first, "username") == ["MariaWeber13278"]
    assert _values(first, "display-name") == ["Maria"]
    assert _values(first, "creation-date") == ["2023-07-14T09:12:00.000Z"]
    assert _values(first, "in-reply-to-status-id") == ["1678"]
    assert "id 1679" in first["comment"]
    assert _values(second, "creation-date") == []  # not a time MISP reads: left out


def test_an_edit_its_links_edited_away_and_image_descriptions_reach_the_microblog() -> None:
    post = Post("Die Zahlen: https://example.org/", line=2, author="ina",
                created_at="2025-09-04T08:01:00Z", edited_at="2025-09-04T08:30:00Z",
                edited_away=("https://welt.ltd/a",), alt_text=("Bild von welt.ltd",))
    thread = Thread(1, "ina", None, (), (post,), (), ())
    event = check_event(MispFormatter().audit(AuditReport("x.json", (thread,), ())))
    (made,) = _objects(event, "microblog")
    assert _values(made, "modification-date") == ["2025-09-04T08:30:00Z"]
    assert _values(made, "creation-date") == ["2025-09-04T08:01:00Z"]
    assert made["comment"] == ("threadscope: thread 1, post ·, line 2; link edited away: "
                               "https://welt.ltd/a; image description: Bild von welt.ltd")


def test_an_account_taken_down_is_disabled(bot_report: BotReport) -> None:
    accounts = (dataclasses.replace(bot_report.accounts[0], status="takendown"),
                *bot_report.accounts[1:])
    report = dataclasses.replace(_with_replies(bot_report), accounts=accounts)
    event = check_event(MispFormatter().bots(report))
    disabled = {_values(made, "username")[0]: _values(made, "disabled")
                for made in _objects(event, "user-account")}
    assert disabled == {"MariaSchulz83651": ["1"], "heinz_w19283": [], "x<script>": []}


def test_the_same_report_is_the_same_event(audit_report: AuditReport) -> None:
    """Deterministic uuids: a second import finds the event instead of duplicating it."""
    first = json.loads(MispFormatter().audit(audit_report))["Event"]
    again = json.loads(MispFormatter().audit(audit_report))["Event"]
    assert first == again
    other = dataclasses.replace(audit_report, source="other.txt")
    changed = json.loads(MispFormatter().audit(other))["Event"]
    assert changed["uuid"] != first["uuid"]
    # A domain both events hold gets another uuid in each: MISP wants them unique.
    assert (_attribute(changed, "domain", "welt.ltd")["uuid"]
            != _attribute(first, "domain", "welt.ltd")["uuid"])


def test_empty_audit_is_an_event_with_nothing_flagged() -> None:
    event = check_event(MispFormatter().audit(AuditReport("e.txt", (), ())))
    assert event["Attribute"] == [] and event["Object"] == [] and event["Tag"] == []
    assert event["threat_level_id"] == "3"
    assert event["info"] == "threadscope audit of e.txt: No links found."


# --------------------------------------------------------------------------- check, domains


def test_assessments_event(assessments: tuple[Assessment, ...]) -> None:
    event = check_event("".join(MispFormatter().assessments(iter(assessments))))
    assert event["info"].startswith("threadscope link check: 1 look-alike link")
    assert event["Object"] == []
    flagged = {a["value"] for a in event["Attribute"] if a["to_ids"]}
    assert flagged == {"welt.ltd", "https://welt.ltd/", "https://welt.ltd/politik/",
                       "https://t.co/cykVk0lJUJ"}


def test_idn_is_one_domain_its_a_label() -> None:
    """MISP makes a Unicode domain its A-label before validating it (PyMISP's port of its
    ``AttributeValidationTool``): two attributes would be one value twice, the second refused.
    One attribute, the A-label, names the Unicode form in its comment."""
    idn = Assessment(input="wеlt.de", url="https://wеlt.de/", domain="wеlt.de",  # Cyrillic е
                     registrable_domain="wеlt.de", verdict=Verdict.LOOKALIKE, score=90,
                     imitates="welt.de")
    event = check_event("".join(MispFormatter().assessments(iter([idn]))))
    (domain,) = [a for a in event["Attribute"] if a["type"] == "domain"]
    assert domain["value"] == "xn--wlt-rdd.de" and domain["to_ids"] is True
    assert domain["comment"].startswith("A-label (punycode) of wеlt.de. threadscope: lookalike")
    assert domain["Tag"] == [{"name": IMPERSONATION_TAG}]
    assert _attribute(event, "url", "https://wеlt.de/")["to_ids"] is True


def test_a_name_idna_refuses_is_the_a_label_it_was_written_as() -> None:
    """``xn--a-ecp.ltd`` reads as ``a⒈.ltd``, which no IDNA rules encode (⒈ is "1."): the
    Unicode form went to MISP as the value, which MISP rewrites to an A-label of its own."""
    found = assess("https://xn--a-ecp.ltd/", load_registry())
    assert found.domain == "a\u2488.ltd"
    event = check_event("".join(MispFormatter().assessments(iter([found]))))
    (domain,) = [a for a in event["Attribute"] if a["type"] == "domain"]
    assert domain["value"] == "xn--a-ecp.ltd"
    assert uri(found.url or "") == "https://xn--a-ecp.ltd/"


@pytest.mark.parametrize("url", ["https://welt.ltd/x[:]y", "https://welt.ltd/a[DOT]b(dot)c",
                                 "https://welt.ltd/?r=[hxxp://]x[.]y"])
def test_a_url_misp_would_refang_is_stored_as_written(url: str) -> None:
    """MISP refangs ``[:]``, ``[.]``, ``[dot]``, ``(dot)`` in a url before storing it:
    there they are percent-encoded, the same address, and MISP keeps the value."""
    found = Assessment(input=url, url=url, domain="welt.ltd", registrable_domain="welt.ltd",
                       verdict=Verdict.SUSPICIOUS, score=45)
    event = check_event("".join(MispFormatter().assessments(iter([found]))))
    (value,) = [a["value"] for a in event["Attribute"] if a["type"] == "url"]
    assert "[" not in value and "(" not in value
    assert urllib.parse.unquote(value) == url  # the same address


@pytest.mark.parametrize(("link", "address"), [("http://1.2.3.4/login", "1.2.3.4"),
                                               ("http://[2001:db8::1]/x", "2001:db8::1")])
def test_an_address_is_an_ip_dst_not_a_domain(link: str, address: str) -> None:
    """MISP's domain type refuses an address: it is an ``ip-dst``."""
    host = common.url_host(link) or ""
    found = Assessment(input=link, url=link, domain=host, registrable_domain=host,
                       verdict=Verdict.SUSPICIOUS, score=45)
    event = check_event("".join(MispFormatter().assessments(iter([found]))))
    assert _attribute(event, "ip-dst", address)["to_ids"] is True
    assert not [a for a in event["Attribute"] if a["type"] == "domain"]


def test_a_link_found_in_thousands_of_posts_names_twenty() -> None:
    found = Assessment(input="welt.ltd", url="https://welt.ltd/", domain="welt.ltd",
                       registrable_domain="welt.ltd", verdict=Verdict.LOOKALIKE, score=95)
    comment = link_comment(found, [f"thread 1, post {n}/3000" for n in range(1, 3001)])
    assert "post 20/3000" in comment and "post 21/3000" not in comment
    assert "and 2980 more places." in comment


def test_a_domain_seen_twice_keeps_its_worst_verdict() -> None:
    benign = Assessment(input="t.co/a", url="https://t.co/a", domain="t.co",
                        registrable_domain="t.co", verdict=Verdict.BENIGN, score=0)
    flagged = Assessment(input="welt.ltd", url="https://welt.ltd/", domain="welt.ltd",
                         registrable_domain="welt.ltd", verdict=Verdict.LOOKALIKE, score=95,
                         imitates="welt.de")
    first = dataclasses.replace(flagged, url="https://welt.ltd/a", verdict=Verdict.BENIGN)
    event = check_event("".join(MispFormatter().assessments(iter([benign, first, flagged]))))
    welt = _attribute(event, "domain", "welt.ltd")
    assert welt["to_ids"] is True and welt["comment"].startswith("threadscope: lookalike")
    assert _attribute(event, "url", "https://welt.ltd/a")["to_ids"] is False


# --------------------------------------------------------------------------- bots


def _with_replies(report: BotReport) -> BotReport:
    posts = {
        0: Post("Lesen Sie selbst https://welt.ltd/", line=2, author="MariaSchulz83651",
                created_at="2023-07-14T09:12:00Z", post_id="11", reply_to="10"),
        2: Post("Lesen Sie selbst https://welt.ltd/", line=4, author="heinz_w19283"),
        4: Post('"</script><script>alert(1)</script>\x00\x1b[2J', line=6, author="x<script>"),
    }
    return dataclasses.replace(report, flagged_posts=posts, flagged_links={0: (0,), 2: (0,)})


def test_bots_event(bot_report: BotReport) -> None:
    event = check_event(MispFormatter().bots(_with_replies(bot_report)))
    assert event["info"] == "threadscope bots in replies.json: 1 coordinated cluster among " \
        "5 replies"
    assert {tag["name"] for tag in event["Tag"]} == {IMPERSONATION_TAG, INAUTHENTIC_COMMENT_TAG}
    accounts = {_values(made, "username")[0]: made for made in _objects(event, "user-account")}
    assert set(accounts) == {"MariaSchulz83651", "heinz_w19283", "x<script>"}  # not real_person
    maria = accounts["MariaSchulz83651"]
    assert _values(maria, "created") == ["2023-07-08T03:00:00Z"]
    assert "account score 80/100" in _values(maria, "description")[0]
    (note,) = _objects(event, "annotation")
    assert "score 88/100 over 3 replies" in _values(note, "text")[0]
    annotated = {r["referenced_uuid"] for r in note["ObjectReference"]}
    replies = _objects(event, "microblog")
    assert len(replies) == 3
    assert annotated == {m["uuid"] for m in [*accounts.values(), *replies]}
    for reply in replies:
        (author,) = [r["referenced_uuid"] for r in reply["ObjectReference"]
                     if r["relationship_type"] == "authored-by"]
        assert author == accounts[_values(reply, "username")[0]]["uuid"]
    link = _attribute(event, "url", "https://welt.ltd/")["uuid"]
    linked = [reply for reply in replies
              if {"contains", link} <= {v for r in reply["ObjectReference"] for v in
                                        (r["relationship_type"], r["referenced_uuid"])}]
    assert len(linked) == 2


def test_bots_without_coordination_has_no_objects(bot_report: BotReport) -> None:
    organic = dataclasses.replace(bot_report, clusters=bot_report.clusters[1:], links=())
    event = check_event(MispFormatter().bots(organic))
    assert event["Object"] == [] and event["Tag"] == [] and event["threat_level_id"] == "3"


# --------------------------------------------------------------------------- hostile values

HOSTILE = (
    'quote " backslash \\ </script><script>alert(1)</script> \x00\x07\x1b[31m \x7f\x85 '
    "\u202eevil\u202c \u200bzw \u2028line \ud800 \U0001f4a9 {\"Event\": 1}"
)


def _hostile_report() -> AuditReport:
    link = Assessment(
        input=HOSTILE, url="https://welt.ltd/a\ud800b?q=\u202e\"</script>", domain="welt.ltd",
        registrable_domain="welt.ltd", verdict=Verdict.LOOKALIKE, score=90,
        imitates="welt.de", brand=HOSTILE,
        reasons=(Reason("tld-swap", 60, HOSTILE),),
        final_url="https://wеlt.ltd/\x1b[31mred",
        chain=(Hop("https://welt.ltd/a", 301), Hop("https://wеlt.ltd/\x1b[31mred", 200)),
    )
    huge = Post(HOSTILE * 20000, line=1, author=HOSTILE, display_name=HOSTILE,
                post_id=HOSTILE, reply_to=HOSTILE, created_at=HOSTILE)
    thread = Thread(1, HOSTILE, None, (), (huge, Post("\x00 \u200b", line=2)), (), ())
    return AuditReport(HOSTILE, (thread,), (link,), post_links={(1, 0): (0,)})


def test_hostile_values_are_data_and_never_break_the_document() -> None:
    text = MispFormatter().audit(_hostile_report())
    assert text.isprintable() or all(c.isprintable() or c == "\n" for c in text)
    assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text
    event = check_event(text)
    (post, blank) = _objects(event, "microblog")
    value = _values(post, "post")[0]
    # The data reads back as it was, but for lone surrogates (MISP refuses them), up to the
    # length MISP stores, where it is cut and says so.
    whole = (HOSTILE * 20000).replace("\ud800", "\ufffd")
    assert value.endswith("…") and whole.startswith(value[:-1])
    assert MAX_VALUE_BYTES - 8 < len(value.encode()) <= MAX_VALUE_BYTES
    assert _values(post, "username") == [HOSTILE.replace("\ud800", "\ufffd")]
    assert _values(post, "creation-date") == []
    assert _values(blank, "post") == ["\x00 \u200b"]
    assert "\ud800" not in json.dumps(event, ensure_ascii=False)
    assert event["info"].startswith("threadscope audit of quote \" backslash")


def test_hostile_values_survive_the_command_line(tmp_path: Path) -> None:
    tweets = [{"id": "1", "author_id": "9", "text": "1/2 look https://welt.ltd/a\ud800b "
               "\u202eevil\u202c \u0085next\u2028line </script> 1/2"},
              {"id": "2", "author_id": "9", "text": "2/2 http://example.org/\u0007bell 2/2"}]
    data = {"data": tweets, "includes": {"users": [{"id": "9", "username": "x\ud800y"}]}}
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(data), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "audit", str(path), "--offline", "--format",
         "misp"], capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 1, done.stderr
    event = check_event(done.stdout)
    assert any(a["value"].startswith("https://welt.ltd/a") and a["to_ids"]
               for a in event["Attribute"])
    assert len(_objects(event, "microblog")) == 2


# --------------------------------------------------------------------------- commands

FIXTURES = ROOT / "fixtures"


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_bots_command_quotes_the_flagged_replies() -> None:
    code, out = _cli("bots", str(FIXTURES / "bots" / "coordination.csv"), "--offline",
                     "--format", "misp")
    assert code == 1
    event = check_event(out)
    replies = _objects(event, "microblog")
    accounts = _objects(event, "user-account")
    assert replies and accounts
    assert "HeinzWeber60412877" in {_values(a, "username")[0] for a in accounts}
    assert all(any(r["relationship_type"] == "authored-by" for r in reply["ObjectReference"])
               for reply in replies)


@pytest.mark.parametrize("command", [("check", "welt.ltd", "welt.de"),
                                     ("domains", "-")])
def test_check_and_domains(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--offline", "--format", "misp"],
                                input="welt.ltd\nwelt.de\n", catch_exceptions=False)
    assert result.exit_code == 1
    event = check_event(result.stdout)
    assert _attribute(event, "domain", "welt.ltd")["to_ids"] is True
    assert _attribute(event, "domain", "welt.de")["to_ids"] is False


def test_thread_refuses_misp() -> None:
    code, _ = _cli("thread", str(FIXTURES / "bots" / "replies.csv"), "--format", "misp")
    assert code == 2


def test_comment_is_the_reasons_a_journalist_cites(audit_report: AuditReport) -> None:
    event = json.loads(MispFormatter().audit(audit_report))["Event"]
    welt = audit_report.links[0]
    comment = _attribute(event, "domain", "welt.ltd")["comment"]
    for line in common.reasons_by_weight(welt):
        assert line in comment


def test_a_link_comment_says_why_its_points_pass_the_score() -> None:
    """The reasons of a capped look-alike add up to more than its 100: the comment says so,
    as every other report does, instead of leaving a reader to find the sum wrong."""
    link = assess("hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/a", load_registry())
    total = sum(reason.points for reason in link.reasons)
    assert link.score == 100 and total > 100
    comment = link_comment(link, ["thread 1, post 1/1"])
    assert f"(The reasons add up to {total}; a score is at most 100.)" in comment
