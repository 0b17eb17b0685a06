"""The promises shopkeep keeps, and the tests that prove them, clause by clause.

A test proves a promise by carrying `@pytest.mark.promise("P-xx")`. A promise whose text makes several
claims has a clause table (`CLAUSES`): each clause is one claim with the sentence the policy says for it,
and a test proves a clause by naming it, `@pytest.mark.promise("P-18", clause="void on cancel")` (or a
tuple of clauses). A promise is *kept* when every clause has a test (a promise without a clause table
when it has any test); *partly kept* when some have; otherwise *planned*. The generated policy states
kept promises, states the proven clauses of partly kept ones and shows the others as planned.

`promise_tests.json` and `promise_clauses.json` (next to this file) are the manifests the running shop
reads; `shopkeep promises --write` regenerates them from the test sources and `shopkeep promises --check`
fails when they are stale or a test names a clause the table does not declare.
"""

import ast
import json
from pathlib import Path

from shopkeep.conf import conf

PROMISES = {
    "P-01": "Checkout asks only for what the order and the payment need; everything else is optional and marked so.",
    "P-02": "Optional profile facts are collected only with explicit consent and deleted when it is withdrawn.",
    "P-03": "No government ID numbers or special-category data are ever requested.",
    "P-04": "Every form that asks for personal data links this notice; every page links it in the footer.",
    "P-05": "Each account has a short customer number with a check character, used in staff screens and emails.",
    "P-06": "No cookie on a first visit; only strictly necessary cookies holding random ids; the cart cookie ends with the browser session.",
    "P-07": "With cookies off, browsing, a cart and guest checkout all work.",
    "P-08": "The cookie notice lists every cookie the shop can set, generated from the declarations in code.",
    "P-09": "Persistent login and saved addresses exist only when the customer asks for them.",
    "P-10": "Statistics are aggregate and non-identifying: no IP address, cookie or user id is stored for them.",
    "P-11": "Access logs keep no full IP address and application logs no personal data.",
    "P-12": "Global Privacy Control and Do Not Track are honoured.",
    "P-13": "Card numbers never touch the shop's database, logs or emails; the CVC is never stored.",
    "P-14": "All traffic is HTTPS in production.",
    "P-15": "Personal data at rest is encrypted at field level with keys kept outside the database.",
    "P-16": "Passwords follow NIST SP 800-63B-4 and are hashed with Argon2id.",
    "P-17": "The shop never asks for a password or card number by email; every customer email says so.",
    "P-18": "Payment is authorised at checkout and captured only when the goods are dispatched.",
    "P-19": "The checkout IP address is used only for fraud screening and erased after the retention period.",
    "P-20": "Suspicious orders are held and verified by phone before release.",
    "P-21": "Phone orders use the same gateway tokenisation; no card number is stored.",
    "P-22": "Returns and exchanges can be requested online and are tracked.",
    "P-23": "Personal data is never sold; each disclosure to a third party is recorded and shown to the customer.",
    "P-24": "Each processor is declared with the data it receives; code can send it nothing else.",
    "P-25": "Nothing subscribes anyone to the newsletter but a confirmed opt-in.",
    "P-26": "Non-subscribers receive only replies, order updates and account messages.",
    "P-27": "Every marketing email has a one-click unsubscribe.",
    "P-28": "An email to the remove address unsubscribes its sender.",
    "P-29": "Unsubscribed and erased addresses are suppressed for every marketing send.",
    "P-30": "Coupons for subscribers; contests and surveys are opt-in and kept apart.",
    "P-31": "Customers see and correct everything the shop holds about them.",
    "P-32": "Customers can export their data as JSON and as a readable copy.",
    "P-33": "Customers can erase their account; accounting records are anonymised.",
    "P-34": "Guests can make the same requests after proving control of their email.",
    "P-35": "Every category of personal data has a retention period that a scheduled job enforces.",
    "P-36": "Staff see personal data only as their role needs, on every screen, export and API.",
    "P-37": "Every staff view, export or change of personal data is written to an append-only audit log.",
    "P-38": "Staff sessions lock when idle and staff log in with a second factor.",
    "P-39": "Staff acknowledge the current privacy practices before they can open personal data.",
    "P-40": "This policy is generated from the code's data map, versioned, and its changes are public.",
    "P-41": "Questions and support requests are answered by email and purged after the retention period.",
    "P-42": "Product documents are available and outbound links are marked.",
}

# Promises whose text makes several claims: {clause: the sentence the policy says once a test proves it}.
CLAUSES: dict[str, dict[str, str]] = {
    "P-15": {
        "encrypted fields": "Your email address, phone number and postal addresses are encrypted in our database, "
                            "with keys kept outside it.",
        "key rotation": "We can replace the keys, and every stored value is then encrypted again with the new key.",
        "blind index": "We find your account by a keyed fingerprint of your email address, not the address itself.",
    },
    "P-16": {
        "argon2id": "Passwords are stored only as Argon2id hashes.",
        "length": "Passwords need {min_length} characters or more ({min_length_2fa} with a second factor), with no "
                  "composition rules or forced changes.",
        "breached": "We refuse common and breached passwords.",
        "rate limit": "Logins are rate-limited, and nobody elsewhere can lock you out.",
    },
    "P-18": {
        "authorised at checkout": "At checkout your card is only authorised, not charged.",
        "captured on dispatch": "We charge it when we dispatch, only for what the parcel holds.",
        "void on cancel": "Cancel before dispatch, and the authorisation is released.",
        "immediate capture with consent": "A product is charged at checkout only if you tick the box agreeing to it.",
    },
    "P-23": {
        "only to complete the order": "Your data goes to another company only to complete your order (payment, "
                                      "delivery, email) or when the law requires it.",
        "recorded": "We record who received what, when and why.",
        "shown to you": "Your privacy center lists these records.",
    },
    "P-26": {
        "declared kinds": "Every email we send is of a declared kind with its legal basis, checked when it is sent.",
        "no marketing without subscription": "Without a subscription you get no newsletter or other marketing email.",
    },
    "P-30": {
        "subscriber coupons": "Coupons for subscribers work only for a confirmed subscriber's address.",
        "surveys opt-in": "Survey invitations go only to customers who ticked the box asking for them.",
        "contests opt-in": "Entering a contest never subscribes you to anything.",
        "kept apart": "Survey answers and contest entries are not linked to your account unless you agree.",
    },
    "P-35": {
        "period per category": "Every kind of personal data has a retention period, set in the shop's data map.",
        "enforced": "A daily job deletes what has passed its period.",
        "inactive accounts": "Accounts without a login for a long time are deleted, after an email warning.",
    },
    "P-36": {
        "by role": "Staff see only the details their role needs.",
        "every screen": "This holds on every staff screen.",
        "export and API": "It also holds for every staff export and the API.",
    },
    "P-37": {
        "append-only log": "An unalterable log records each time staff open or change your data.",
        "summary to you": "You can see a summary of that log in your privacy center.",
    },
    "P-40": {
        "generated": "This policy is generated from the shop's code and changes with it.",
        "versioned": "Each published version is kept in a public change log.",
        "material change emailed": "We email every customer about each important change.",
    },
}

MANIFEST = Path(__file__).with_name("promise_tests.json")
CLAUSE_MANIFEST = Path(__file__).with_name("promise_clauses.json")
REPO_ROOT = Path(__file__).resolve().parents[3]


def _clauses_of(decorator: ast.Call) -> tuple[str, ...]:
    for keyword in decorator.keywords:
        if keyword.arg == "clause":
            value = ast.literal_eval(keyword.value)
            return (value,) if isinstance(value, str) else tuple(value)
    return ()


def _marked_clauses(tree: ast.AST) -> list[tuple[str, str, tuple[str, ...]]]:
    """(promise id, test name, clauses) for every promise marker on a test function in `tree`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and getattr(decorator.func, "attr", "") == "promise"
                and decorator.args
                and isinstance(decorator.args[0], ast.Constant)
            ):
                found.append((str(decorator.args[0].value), node.name, _clauses_of(decorator)))
    return found


def _marked_promises(tree: ast.AST) -> list[tuple[str, str]]:
    """(promise id, test name) for every `@pytest.mark.promise("P-xx")` on a test function in `tree`."""
    return [(promise, test) for promise, test, _clauses in _marked_clauses(tree)]


def promise_tests_scan(root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """Scan the test sources: {promise id: ["path::test_name", ...]}, sorted."""
    result: dict[str, list[str]] = {}
    for directory in (root / "src", root / "tests"):
        for path in sorted(directory.rglob("test_*.py")) if directory.is_dir() else []:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for promise, test in _marked_promises(tree):
                result.setdefault(promise, []).append(f"{path.relative_to(root)}::{test}")
    return {promise: sorted(tests) for promise, tests in sorted(result.items())}


def promise_clauses_scan(root: Path = REPO_ROOT) -> dict[str, dict[str, list[str]]]:
    """Scan the test sources: {promise id: {clause: ["path::test_name", ...]}} for every test naming a clause."""
    result: dict[str, dict[str, set[str]]] = {}
    for directory in (root / "src", root / "tests"):
        for path in sorted(directory.rglob("test_*.py")) if directory.is_dir() else []:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for promise, test, clauses in _marked_clauses(tree):
                for clause in clauses:
                    result.setdefault(promise, {}).setdefault(clause, set()).add(f"{path.relative_to(root)}::{test}")
    return {p: {c: sorted(t) for c, t in sorted(cl.items())} for p, cl in sorted(result.items())}


def promise_clause_problems(scanned: dict[str, dict[str, list[str]]]) -> list[str]:
    """Sentences naming every test that cites a clause its promise does not declare."""
    problems = []
    for promise, clauses in scanned.items():
        for clause, tests in clauses.items():
            if clause not in CLAUSES.get(promise, {}):
                problems.append(f"{tests[0]} cites clause {clause!r} of {promise}, which declares "
                                f"{', '.join(repr(c) for c in CLAUSES.get(promise, {})) or 'no clauses'}.")
    return problems


def promise_clause_tests() -> dict[str, dict[str, list[str]]]:
    """The committed manifest of which tests prove which clause."""
    if not CLAUSE_MANIFEST.exists():
        return {}
    return json.loads(CLAUSE_MANIFEST.read_text(encoding="utf-8"))


def clause_text(promise: str, clause: str) -> str:
    """The sentence of a clause, with the settings it names filled in."""
    return CLAUSES[promise][clause].format(min_length=conf.password_min_length,
                                           min_length_2fa=conf.password_min_length_second_factor)


def promise_status(promise: str) -> dict:
    """How far `promise` is proven: {"status": "kept"|"partly"|"planned", "proven": [clauses], "planned": [...]}."""
    tests = promise_tests().get(promise, [])
    table = CLAUSES.get(promise)
    if not table:
        return {"status": "kept" if tests else "planned", "proven": [], "planned": []}
    by_clause = promise_clause_tests().get(promise, {})
    proven = [c for c in table if by_clause.get(c)]
    planned = [c for c in table if not by_clause.get(c)]
    status = "kept" if not planned else ("partly" if proven else "planned")
    return {"status": status, "proven": proven, "planned": planned}


def promise_tests() -> dict[str, list[str]]:
    """The committed manifest of which tests prove which promise."""
    if not MANIFEST.exists():
        return {}
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def proven_promises() -> set[str]:
    """The promises kept in full: every clause (or, without a clause table, the promise) has a test."""
    return {promise for promise in PROMISES if promise_status(promise)["status"] == "kept"}
