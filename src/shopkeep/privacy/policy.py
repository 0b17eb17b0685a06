"""The privacy policy, compiled from the data map, the cookie and processor declarations,
the retention periods and the proven promises (P-40). It cannot drift from the code."""

import hashlib
import json
from collections import defaultdict

from shopkeep.conf import conf
from shopkeep.privacy.cookies import COOKIES
from shopkeep.privacy.processors import PROCESSORS, processor_summary
from shopkeep.privacy.promises import PROMISES, proven_promises
from shopkeep.privacy.registry import REGISTRY
from shopkeep.privacy.retention import retention_get
from shopkeep.privacy.roles import Role
from shopkeep.privacy.taxonomy import CATEGORIES, ERASURE, LEGAL_BASES, PURPOSES

ROLE_NAMES = dict(Role.choices)


def _collected() -> list[dict]:
    """One entry per data category: where it is kept, why, on what basis, how long, who sees it."""
    by_category: dict[str, dict] = defaultdict(
        lambda: {"stored_in": set(), "purposes": set(), "bases": set(), "retention": set(), "roles": set(),
                 "processors": set(), "encrypted": True, "erasure": set()}
    )
    for declaration in REGISTRY.values():
        if declaration.external:
            continue
        for spec in declaration.personal.values():
            if spec.about != "customer":
                continue
            entry = by_category[spec.category]
            entry["stored_in"].add(declaration.description)
            entry["purposes"].update(spec.purposes)
            entry["bases"].add(spec.basis)
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
            "why": [PURPOSES[p] for p in sorted(entry["purposes"])],
            "legal_basis": [LEGAL_BASES[b] for b in sorted(entry["bases"])],
            "kept_for": sorted(entry["retention"]),
            "staff_who_see_it": ["Owner"] + sorted(ROLE_NAMES[r] for r in entry["roles"] if r != Role.OWNER),
            "shared_with": sorted(PROCESSORS[p].name for p in entry["processors"]),
            "encrypted_at_rest": entry["encrypted"],
            "on_erasure": sorted(ERASURE[e] for e in entry["erasure"]),
        }
        for category, entry in sorted(by_category.items())
    ]


def _section(key: str, title: str, promises: list[str], **facts) -> dict:
    proven = proven_promises()
    return {
        "key": key,
        "title": title,
        "promises": [{"id": p, "text": PROMISES[p]} for p in promises if p in proven],
        **facts,
    }


def policy_document() -> dict:
    """The policy as data; every renderer (HTML, Markdown, JSON) starts from this."""
    sections = [
        _section("collected", "What we collect, why, and for how long", ["P-01", "P-03", "P-15", "P-35"],
                 collected=_collected()),
        _section("payment", "Payment cards", ["P-13", "P-18", "P-21"]),
        _section("cookies", "Cookies", ["P-06", "P-07", "P-08", "P-09"],
                 cookies=[vars(c) for c in COOKIES.values()]),
        _section("sharing", "Who receives your data", ["P-23", "P-24"],
                 processors=[processor_summary(p) for p in PROCESSORS.values()],
                 statement="We never sell, trade, rent or lend your personal data."),
        _section("staff", "Who at the shop can see it", ["P-05", "P-36", "P-37", "P-38", "P-39"]),
        _section("email", "Email", ["P-17", "P-25", "P-26", "P-27", "P-28", "P-29", "P-30"]),
        _section("statistics", "Visit statistics and logs", ["P-10", "P-11", "P-12"]),
        _section("rights", "Your rights", ["P-02", "P-22", "P-31", "P-32", "P-33", "P-34", "P-41"]),
        _section("policy", "This policy", ["P-04", "P-40", "P-42"]),
    ]
    sections = [s for s in sections if s["promises"] or len(s) > 3]
    body = {"shop": conf.shop_name, "sections": sections}
    return {**body, "content_hash": content_hash(body)}


def content_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def policy_markdown(document: dict) -> str:
    lines = [f"# Privacy policy of {document['shop']}", ""]
    for section in document["sections"]:
        lines += [f"## {section['title']}", ""]
        if section.get("statement"):
            lines += [section["statement"], ""]
        for item in section.get("collected", []):
            lines.append(f"- **{item['what'][0].upper()}{item['what'][1:]}** (`{item['category']}`): {'; '.join(item['why'])}. "
                         f"Basis: {'; '.join(item['legal_basis'])}. Kept {'; '.join(item['kept_for'])}. "
                         f"Seen by: {', '.join(item['staff_who_see_it'])}."
                         + (f" Shared with: {', '.join(item['shared_with'])}." if item["shared_with"] else "")
                         + (" Encrypted at rest." if item["encrypted_at_rest"] else ""))
        for cookie in section.get("cookies", []):
            lines.append(f"- `{cookie['name']}`: {cookie['purpose']} Lifetime: {cookie['lifetime']}. "
                         f"Contains {cookie['contains']}. {cookie['how_to_avoid']}")
        for processor in section.get("processors", []):
            receives = ", ".join(CATEGORIES[c] for c in processor["receives"]) or "nothing from the shop itself"
            lines.append(f"- **{processor['name']}**: {processor['purpose']}; receives {receives}.")
        for promise in section["promises"]:
            lines.append(f"- {promise['text']} [{promise['id']}]")
        lines.append("")
    lines.append(f"Content hash: {document['content_hash']}")
    return "\n".join(lines) + "\n"


def ropa_rows() -> list[dict]:
    """The record of processing activities (GDPR Art. 30): one row per personal-data field."""
    rows = []
    for declaration in sorted(REGISTRY.values(), key=lambda d: d.label):
        for name, spec in sorted(declaration.personal.items()):
            rows.append({
                "record": declaration.label,
                "field": name,
                "description": declaration.description,
                "data_category": spec.category,
                "purposes": " ".join(spec.purposes),
                "legal_basis": spec.basis,
                "retention": retention_get(spec.retention).description,
                "staff_roles": " ".join(["owner", *spec.roles]),
                "processors": " ".join(spec.processors),
                "encrypted": "yes" if spec.encrypted else "no",
                "erasure": spec.erase,
                "controller_system": "external" if declaration.external else "shopkeep",
            })
    return rows
