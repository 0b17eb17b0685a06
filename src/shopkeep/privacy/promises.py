"""The promises shopkeep keeps, and the tests that prove them.

A test proves a promise by carrying `@pytest.mark.promise("P-xx")`. The generated policy
states only promises with at least one such test. `promise_tests.json` (next to this file)
is the manifest the running shop reads; `shopkeep promises --write` regenerates it from the
test sources and `shopkeep promises --check` fails when it is stale or a claimed promise has no test.
"""

import ast
import json
from pathlib import Path

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

MANIFEST = Path(__file__).with_name("promise_tests.json")
REPO_ROOT = Path(__file__).resolve().parents[3]


def _marked_promises(tree: ast.AST) -> list[tuple[str, str]]:
    """(promise id, test name) for every `@pytest.mark.promise("P-xx")` on a test function in `tree`."""
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
                found.append((str(decorator.args[0].value), node.name))
    return found


def promise_tests_scan(root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """Scan the test sources: {promise id: ["path::test_name", ...]}, sorted."""
    result: dict[str, list[str]] = {}
    for directory in (root / "src", root / "tests"):
        for path in sorted(directory.rglob("test_*.py")) if directory.is_dir() else []:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for promise, test in _marked_promises(tree):
                result.setdefault(promise, []).append(f"{path.relative_to(root)}::{test}")
    return {promise: sorted(tests) for promise, tests in sorted(result.items())}


def promise_tests() -> dict[str, list[str]]:
    """The committed manifest of which tests prove which promise."""
    if not MANIFEST.exists():
        return {}
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def proven_promises() -> set[str]:
    return {promise for promise, tests in promise_tests().items() if tests and promise in PROMISES}
