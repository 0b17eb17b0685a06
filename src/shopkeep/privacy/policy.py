"""The privacy policy, compiled from the data map, the cookie and processor declarations, the retention
periods, the settings in force, the shop's identity and the promises tests prove (P-40). It cannot drift
from the code: every sentence is generated from one of those, and a claim whose tests are missing is not
stated as fact (it is listed as planned).

`policy_document()` is the policy as data (the JSON format); the page, the Markdown and the standalone
HTML render it. The main text is plain language; category ids, legal articles and promise ids appear only
in `detail` (the detail view) and on the promises page for auditors. The main text is read in four minutes
(at most 1,000 words with every setting that adds text on, tested): it keeps every item Art. 13/14 GDPR asks
for, and leaves to the detail view each category's purposes and periods and each recipient's location, and to
the promises page the security measures beyond the main ones.
"""

import hashlib
import json
from collections import defaultdict
from datetime import date

from django.db import DatabaseError

from shopkeep.conf import conf
from shopkeep.privacy.cookies import COOKIES, cookies_first_set_when
from shopkeep.privacy.models import PolicyVersion
from shopkeep.privacy.processors import PROCESSORS, processor_summary
from shopkeep.privacy.promises import CLAUSES, PROMISES, clause_text, promise_status
from shopkeep.privacy.registry import POLICY_FACTS, REGISTRY
from shopkeep.privacy.retention import PERIODS, retention_enforced, retention_get
from shopkeep.privacy.roles import Role
from shopkeep.privacy.taxonomy import (
    BASES_PLAIN,
    CATEGORIES,
    CATEGORY_GROUPS,
    CATEGORY_SHORT,
    ERASURE,
    LEGAL_BASES,
    LEGITIMATE_INTERESTS,
    PURPOSES,
)
from shopkeep.shop.models import ShopIdentity
from shopkeep.shop.services import identity_current, identity_seed_values

ROLE_NAMES = dict(Role.choices)

# The Art. 13/14 GDPR items and the section of the policy that gives each (the checklist test reads this).
ART13_ITEMS = {
    "controller": "who",
    "contact": "who",
    "purposes_and_bases": "collected",
    "legitimate_interests": "collected",
    "required_data": "collected",
    "sources": "collected",
    "automated_decisions": "fraud",
    "recipients": "recipients",
    "transfers": "recipients",
    "retention": "retention",
    "rights": "rights",
    "withdraw_consent": "rights",
    "complaint": "contact",
}

EEA = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
       "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"}


def _join_groups(items: list[str]) -> str:
    """'your account, contact details and orders': groups joined, the possessive said once."""
    items = list(dict.fromkeys(i for i in items if i))
    return _join([items[0]] + [i.removeprefix("your ") for i in items[1:]]) if items else ""


def _join_list(items: list[str]) -> str:
    """_join, with semicolons when an item has its own "and" ('a; b and c; and d')."""
    if len(items) > 2 and any(" and " in i for i in items):
        return "; ".join(items[:-1]) + "; and " + items[-1]
    return _join(items)


def _join_or(items: list[str]) -> str:
    return _join(items).rpartition(" and ")[0] + ", or " + items[-1] if len(items) > 1 else _join(items)


def _join(items: list[str]) -> str:
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _short(category: str) -> str:
    return CATEGORY_SHORT.get(category, CATEGORIES[category])


def _group(category: str) -> str:
    return CATEGORY_GROUPS.get(category, _short(category))


def _customer_fields():
    """(declaration, field name, spec) for every field holding a customer's data in the shop's own tables."""
    for declaration in REGISTRY.values():
        if declaration.external:
            continue
        for name, spec in declaration.personal.items():
            if spec.about == "customer":
                yield declaration, name, spec


def _kept(promise: str) -> bool:
    return promise_status(promise)["status"] == "kept"


def _clause(promise: str, clause: str) -> bool:
    status = promise_status(promise)
    return status["status"] == "kept" or clause in status["proven"]


def _proven(promise: str, *clauses: str) -> list[str]:
    """The sentences of those clauses of `promise` that tests prove, in the order given."""
    return [clause_text(promise, c) for c in clauses if _clause(promise, c)]


# --- the detail view: one row per data category, purposes paired with their bases --------------------------

def _collected() -> list[dict]:
    by_category: dict[str, dict] = defaultdict(
        lambda: {"stored_in": set(), "pairs": set(), "retention": set(), "roles": set(), "processors": set(),
                 "encrypted": True, "erasure": set()}
    )
    for declaration, _name, spec in _customer_fields():
        entry = by_category[spec.category]
        entry["stored_in"].add(declaration.description)
        entry["pairs"].update((purpose, spec.basis) for purpose in spec.purposes)
        entry["retention"].add(retention_get(spec.retention).description)
        entry["roles"].update(spec.roles)
        entry["processors"].update(spec.processors)
        entry["encrypted"] = entry["encrypted"] and spec.encrypted
        entry["erasure"].add(spec.erase)
    return [
        {
            "category": category,
            "what": CATEGORIES[category],
            "stored_in": sorted(entry["stored_in"]),
            "purposes": [{"why": PURPOSES[p], "legal_basis": LEGAL_BASES[b]} for p, b in sorted(entry["pairs"])],
            "kept_for": sorted(entry["retention"]),
            "staff_who_see_it": ["Owner"] + sorted(ROLE_NAMES[r] for r in entry["roles"] if r != Role.OWNER),
            "shared_with": sorted(PROCESSORS[p].name for p in entry["processors"]),
            "encrypted_at_rest": entry["encrypted"],
            "on_erasure": sorted(ERASURE[e] for e in entry["erasure"]),
        }
        for category, entry in sorted(by_category.items())
    ]


# --- the main text ------------------------------------------------------------------------------------------

def _identity_in_force() -> ShopIdentity:
    """The identity in force; before `migrate` (no tables yet) the one the settings would seed."""
    try:
        return identity_current()
    except DatabaseError:
        return ShopIdentity(**identity_seed_values())


def _identity() -> dict:
    identity = _identity_in_force()
    return {
        "legal_name": identity.legal_name,
        "postal_address": identity.postal_address_lines,
        "country": identity.country,
        "contact_email": identity.contact_email,
        "phone": identity.phone,
        "data_protection_contact": identity.data_protection_contact,
        "vat_number": identity.vat_number,
        "authority_name": identity.authority_name,
        "authority_url": identity.authority_url,
    }


def _who(identity: dict) -> list[str]:
    lines = [f"{identity['legal_name']}, {', '.join(identity['postal_address'])}, runs this shop and is responsible "
             f"for your data (the controller)."]
    reach = f"You reach us at {identity['contact_email']}"
    reach += f" or {identity['phone']}." if identity["phone"] else "."
    lines.append(reach)
    if identity["data_protection_contact"]:
        lines.append(f"For data protection, write to {identity['data_protection_contact']}.")
    return lines


def _purposes() -> list[str]:
    """One line per purpose, with its legal bases in plain words (the detail view gives each basis its article)."""
    by_purpose: dict[str, set[str]] = defaultdict(set)
    for _declaration, _name, spec in _customer_fields():
        for purpose in spec.purposes:
            by_purpose[purpose].add(spec.basis)
    items = []
    for purpose in PURPOSES:
        if purpose not in by_purpose:
            continue
        text = PURPOSES[purpose].removeprefix("to ")  # the list follows "We use them only to:"
        bases = ", ".join(BASES_PLAIN[b] for b in BASES_PLAIN if b in by_purpose[purpose])
        items.append(f"{text[0].upper()}{text[1:]} ({bases}).")
    return items


def _groups_collected() -> list[str]:
    """The groups of data the shop holds about customers, in the order CATEGORY_GROUPS lists them."""
    order = list(dict.fromkeys(CATEGORY_GROUPS.values()))
    return sorted({_group(spec.category) for _d, _n, spec in _customer_fields()},
                  key=lambda g: (order.index(g) if g in order else len(order), g))


def _legitimate_interests() -> list[str]:
    purposes = sorted({p for _d, _n, spec in _customer_fields() if spec.basis == "legitimate_interests"
                       for p in spec.purposes})
    interests = [LEGITIMATE_INTERESTS[p] for p in purposes if p in LEGITIMATE_INTERESTS]
    if not interests:
        return []
    return [f"Our legitimate interests are {_join_list(interests)}. You may object at any time."]


def _required() -> list[str]:
    return ["To order you must give your email address, a delivery address and a card; without them we cannot take "
            "or deliver your order. Everything else is optional."]


def _sources() -> list[str]:
    return ["Besides what you give us, the payment gateway tells us whether your card's security code and address "
            "matched, and we look up the country of your checkout's IP address."]


def _payment() -> list[str]:
    """How card payments are taken, per the capture setting in force and the clauses of P-18 tests prove."""
    sentences = []
    immediate = conf.immediate_capture_allowed
    if _clause("P-18", "authorised at checkout") and (not immediate or _clause("P-18", "immediate capture with consent")):
        sentences.append(CLAUSES["P-18"]["authorised at checkout"])
    if _clause("P-18", "captured on dispatch"):
        sentences.append(CLAUSES["P-18"]["captured on dispatch"])
    if immediate:
        sentences.append("Products marked so can be charged at checkout instead"
                         + (", only if you tick the box agreeing to it." if _clause("P-18", "immediate capture with consent")
                            else "."))
    if _clause("P-18", "void on cancel"):
        sentences.append(CLAUSES["P-18"]["void on cancel"])
    return sentences


def _fraud() -> list[str]:
    if not _kept("P-20"):
        return []
    limit = f"{conf.fraud_order_value_limit} {conf.currency}"
    return [
        "Our software holds an order automatically when a card check fails, or your IP address and billing address "
        f"are in different countries. It also holds orders over {limit}, and too many orders or failed payments "
        "from one card or email in an hour.",
        "A hold is never final: a person from customer service calls you, then releases or cancels the order. "
        "To contest a hold, reply to our email.",
    ] + ([f"Your checkout's IP address serves only this check; we erase it after "
          f"{retention_get('checkout_ip').days} days."] if _kept("P-19") else [])


def _cookies() -> list[str]:
    if conf.cookieless:
        return ["This shop sets no cookies at all: your cart travels in the page address instead."]
    return [f"Browsing sets no cookie; we set cookies only when you {cookies_first_set_when()}. Each is "
            "strictly necessary, holds only a random id and ends when you close the browser."]


def _payment_gateway() -> tuple[str, str, str]:
    """(name, location, transfer outside the EEA or "") of the payment gateway in use."""
    if conf.payment_gateway == "stripe":
        return ("Stripe Payments Europe (Ireland)",
                "Ireland, and its parent company in the USA under the EU-US Data Privacy Framework",
                "Stripe may pass data to its parent company in the USA under the EU-US Data Privacy Framework")
    return "our test payment gateway", "our own server", ""


def _recipients() -> tuple[dict, list[dict]]:
    """The recipients section (who receives what, as a list) and the detail rows, which add where each one is."""
    gateway, gateway_location, _ = _payment_gateway()
    hosting = conf.hosting_provider or ""
    rows = [
        {"code": "payment_gateway", "name": gateway, "location": gateway_location,
         "receives": "the amount and a card token", "note": "you type your card on its own page"},
        {"code": "carrier", "name": "the delivery carrier", "location": "the country you deliver to",
         "receives": "your name, address and phone number"},
    ]
    if conf.external_mail_host:
        rows.append({"code": "email_provider", "name": f"our email service ({conf.external_mail_host})",
                     "location": "where that service runs", "receives": "your email address and our message"})
    rows.append({"code": "hosting", "name": f"our hosting provider, {hosting}" if hosting else
                 "nobody else: the shop runs on its own server",
                 "location": hosting.rpartition(",")[2].strip() if "," in hosting else "",
                 "receives": "everything, only to run the shop" if hosting else ""})
    rows.append({"code": "authorities", "name": "authorities, such as tax offices and courts", "short": "authorities",
                 "location": "the country whose law requires it", "receives": "only what the law requires"})
    points = []
    for row in rows:
        if row["receives"]:
            name = row.get("short", row["name"])
            points.append(f"{name[0].upper()}{name[1:]}: {row['receives']}.")
    after = ["Our cache and task queue (Redis) stay on our own servers."] if conf.redis_in_use else []
    after.append(_transfers())
    after += _proven("P-23", "recorded", "shown to you")
    return {"paragraphs": [], "points": points, "after": after}, rows  # the heading leads the list


def _transfers() -> str:
    _, _, transfer = _payment_gateway()
    text = "Goods sent outside the EU need a carrier there."
    return f"{text} {transfer}." if transfer else f"{text} Otherwise your data stays in the EU."


def _retention() -> list[str]:
    """One sentence per retention period in use: when it applies, what is kept, for how long; unenforced ones say so."""
    by_period: dict[str, list[str]] = defaultdict(list)
    for _declaration, _name, spec in _customer_fields():
        by_period[spec.retention].append(_group(spec.category))
    sentences = []
    for key in PERIODS:
        if (key not in by_period and not retention_enforced(key)) or key == "gateway":
            continue
        period = retention_get(key)
        sentence = f"{period.when}: {period.description.removeprefix('for ')}."  # "Orders: 6 years after ..."
        if period.days is not None and not retention_enforced(key):
            sentence += " Not yet deleted automatically (planned)."
        sentences.append(sentence)
    return sentences


def _rights() -> tuple[list[str], list[dict]]:
    sentences = ["You may see your data, get a copy to reuse elsewhere, have it corrected or deleted, and "
                 "restrict or object to its use. You may withdraw a consent at any time.",
                 "Write to us; we answer within one month."]
    links = [{"text": "Your privacy center (with an account)", "href": "/account/privacy/"},
             {"text": "Ask for your data without an account", "href": "/privacy/request/"}]
    return sentences, links


def _emails() -> dict:
    """Every kind of email a non-subscriber can get, as a list; then how marketing email is kept to those who asked."""
    kinds = POLICY_FACTS.get("email_kinds", lambda: [])()
    if not kinds:
        return {"paragraphs": []}
    anyone = list(dict.fromkeys(k["name"] for k in kinds if not k["marketing"]))
    asked = list(dict.fromkeys(k["name"] for k in kinds if k["marketing"] and not k["needs_subscription"]))
    points = [f"{name[0].upper()}{name[1:]}." for name in anyone]
    points += [f"{name[0].upper()}{name[1:]}, if you asked for them." for name in asked]
    after = ["The newsletter goes only to confirmed subscribers, with a one-click unsubscribe link."]
    after += _proven("P-30", "contests opt-in")
    return {"paragraphs": ["Without a subscription we send you only:"], "points": points, "after": after}


def _security() -> list[str]:
    """Encryption per category, the card number, how passwords are kept and who at the shop sees your data, as far
    as tests prove it. The other measures (the rest of P-16, P-36 and P-37; P-38, P-39) are on the promises page
    the section links, each with the tests that prove it.
    """
    sentences = []
    rows = _collected()
    encrypted = [_short(r["category"]) for r in rows if r["encrypted_at_rest"]]
    if _clause("P-15", "encrypted fields") and encrypted:
        sentences.append(f"We encrypt {_join_groups(encrypted)} in our database, with keys kept outside it.")
    if _kept("P-13"):
        sentences.append("Your card number goes only to the payment gateway, never to us.")
    return sentences + _proven("P-16", "argon2id") + _proven("P-36", "by role") + _proven("P-37", "append-only log")


def _summary() -> dict:
    never = []
    if _clause("P-23", "only to complete the order"):
        never.append("sell, trade, rent or lend your data")
    if _kept("P-13"):
        never.append("see your card number")
    if _kept("P-06") or conf.cookieless:
        never.append("track you or set a cookie on your first visit")
    return {
        "collect": "what you give us, and IP addresses to stop fraud",
        "never": never,
        "can": [
            {"text": "see, download or delete your data", "href": "/account/privacy/"},
            {"text": "ask without an account", "href": "/privacy/request/"},
            {"text": "complain to us or to a supervisory authority", "href": "#contact"},
        ],
    }


def _promise_rows() -> list[dict]:
    rows = []
    for pid, text in PROMISES.items():
        status = promise_status(pid)
        table = CLAUSES.get(pid, {})
        rows.append({"id": pid, "text": text, "status": status["status"],
                     "proven": [clause_text(pid, c) for c in status["proven"]],
                     "planned": [clause_text(pid, c) for c in status["planned"]]})
    return rows


def policy_document() -> dict:
    """The policy as data; every renderer (HTML, Markdown, JSON) starts from this."""
    identity = _identity()
    recipients, recipient_rows = _recipients()
    rights, right_links = _rights()
    sections = [
        {"key": "who", "title": "Who we are", "paragraphs": _who(identity)},
        {"key": "collected", "title": "What we collect and why",
         "paragraphs": [f"We collect {_join_groups(_groups_collected())}. The legal basis is in brackets. "
                        "We use them only to:"],
         "points": _purposes(),
         "after": _legitimate_interests() + _required() + _sources()},
        {"key": "fraud", "title": "Payment and fraud checks", "paragraphs": _payment() + _fraud()},
        {"key": "cookies", "title": "Cookies", "paragraphs": _cookies(),
         "links": [{"text": "The cookie notice", "href": "/cookies/"}]},
        {"key": "recipients", "title": "Who receives your data", **recipients},
        {"key": "email", "title": "Email", **_emails()},
        {"key": "retention", "title": "How long we keep it", "paragraphs": _retention(), "as_list": True},
        {"key": "rights", "title": "Your rights", "paragraphs": rights, "links": right_links},
        {"key": "security", "title": "How we protect it", "paragraphs": _security(),
         "links": [{"text": "Every promise we keep, and the tests that prove it", "href": "/privacy/promises/"}]},
        {"key": "children", "title": "Children", "paragraphs": [
            "The shop is for adults and never asks your age. If a child gave us data, tell us and we will delete it."]},
        {"key": "changes", "title": "Changes", "paragraphs": _proven("P-40", "generated", "material change emailed")},
        {"key": "contact", "title": "Complaints", "paragraphs": [
            f"You may complain to us or to a supervisory authority, such as the one where you live. "
            f"Ours is {identity['authority_name']} ({identity['authority_url']})."
            if identity["authority_name"] else
            "You may complain to us or to the data-protection supervisory authority where you live or work."]},
    ]
    sections = [s for s in sections if s["paragraphs"] or s.get("points")]
    body = {
        "shop": conf.shop_name,
        "controller": identity,
        "summary": _summary(),
        "sections": sections,
        "art13": {item: key for item, key in ART13_ITEMS.items() if any(s["key"] == key for s in sections)},
        "detail": {
            "collected": _collected(),
            "recipients": recipient_rows,
            "processors": [processor_summary(p) for p in PROCESSORS.values()],
            "cookies": [vars(c) for c in COOKIES.values()],
            "retention": [{"key": key, "description": retention_get(key).description,
                           "enforced": retention_enforced(key)} for key in PERIODS],
        },
        "promises": _promise_rows(),
    }
    return {**body, "content_hash": content_hash(body)}


def policy_versioned(document: dict | None = None) -> dict:
    """The document with the published version in force and its date (kept out of the content hash)."""
    document = document or policy_document()
    try:
        published = PolicyVersion.objects.order_by("-version").first()
    except DatabaseError:  # before `migrate`
        published = None
    return {
        **document,
        "version": published.version if published else None,
        "published_on": published.published_at.date().isoformat() if published else None,
        "current": bool(published and published.content_hash == document["content_hash"]),
    }


def content_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def version_line(document: dict) -> str:
    """'Version 3, published 2 December 2026.' (or the draft's sentence), for every format."""
    if document.get("version") is None:
        return "Draft: no version of this policy has been published yet."
    day = date.fromisoformat(document["published_on"])
    line = f"Version {document['version']}, published {day.day} {day:%B %Y}."
    if not document["current"]:
        line += " The shop has changed since; this text describes it as it works today."
    return line


def render_context(document: dict) -> dict:
    """What the HTML templates need besides the document itself."""
    return {"document": document, "never": _join_or(document["summary"]["never"]), "version_line": version_line(document)}


def main_text(document: dict) -> list[str]:
    """Every sentence a customer reads in the main text (summary and sections), for the readability test."""
    summary = document["summary"]
    texts = [f"We collect {summary['collect']}.", f"We never {_join_or(summary['never'])}.",
             f"You can {_join([c['text'] for c in summary['can']])}."]
    for section in document["sections"]:
        texts.append(section["title"])
        texts += section["paragraphs"] + section.get("points", []) + section.get("after", [])
    return texts


def policy_markdown(document: dict) -> str:
    summary = document["summary"]
    lines = [f"# Privacy policy of {document['shop']}", "", version_line(document), "", "## In short", "",
             f"- We collect {summary['collect']}.", f"- We never {_join_or(summary['never'])}.",
             "- You can " + _join([f"[{c['text']}]({c['href']})" for c in summary["can"]]) + ".", ""]
    for section in document["sections"]:
        lines += [f"## {section['title']}", ""]
        if section.get("as_list"):
            lines += [f"- {paragraph}" for paragraph in section["paragraphs"]] + [""]
        else:
            for paragraph in section["paragraphs"]:
                lines += [paragraph, ""]
        if section.get("points"):
            lines += [f"- {item}" for item in section["points"]] + [""]
        for paragraph in section.get("after", []):
            lines += [paragraph, ""]
        for link in section.get("links", []):
            lines.append(f"- [{link['text']}]({link['href']})")
        if section.get("links"):
            lines.append("")
    lines += ["## Details", ""]
    for item in document["detail"]["collected"]:
        pairs = "; ".join(f"{p['why']} ({p['legal_basis']})" for p in item["purposes"])
        lines.append(f"- **{item['what'][0].upper()}{item['what'][1:]}** (`{item['category']}`): {pairs}. "
                     f"Kept {'; '.join(item['kept_for'])}. Seen by: {', '.join(item['staff_who_see_it'])}."
                     + (f" Shared with: {', '.join(item['shared_with'])}." if item["shared_with"] else "")
                     + (" Encrypted at rest." if item["encrypted_at_rest"] else ""))
    lines.append("")
    for row in document["detail"]["recipients"]:
        if row["receives"]:
            lines.append(f"- **{row['name'][0].upper()}{row['name'][1:]}**"
                         + (f" ({row['location']})" if row["location"] else "")
                         + f": {row['receives']}" + (f" ({row['note']})." if row.get("note") else "."))
    lines.append("")
    for row in document["promises"]:
        if row["status"] != "planned":
            lines.append(f"- {row['id']} ({row['status']}): {row['text']}"
                         + (f" Planned: {' '.join(row['planned'])}" if row["planned"] else ""))
    lines += ["", f"Content hash: {document['content_hash']}"]
    return "\n".join(lines) + "\n"


def ropa_rows() -> list[dict]:
    """The record of processing activities (GDPR Art. 30): one row per personal-data field."""
    identity = _identity_in_force()
    controller = f"{identity.legal_name}, {', '.join(identity.postal_address_lines)}, {identity.contact_email}"
    rows = []
    for declaration in sorted(REGISTRY.values(), key=lambda d: d.label):
        for name, spec in sorted(declaration.personal.items()):
            rows.append({
                "controller": controller,
                "record": declaration.label,
                "field": name,
                "description": declaration.description,
                "data_subjects": spec.about,
                "data_category": spec.category,
                "purposes": " ".join(spec.purposes),
                "legal_basis": spec.basis,
                "retention": retention_get(spec.retention).description,
                "staff_roles": " ".join(["owner", *spec.roles]),
                "processors": " ".join(spec.processors),
                "encrypted": "yes" if spec.encrypted else "no",
                "erasure": spec.erase,
                "system": "external" if declaration.external else "shopkeep",
            })
    return rows
