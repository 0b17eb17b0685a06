import csv
import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from shopkeep.privacy import policy, promises
from shopkeep.privacy.policy import policy_document, policy_markdown, ropa_rows
from shopkeep.shop.services import identity_update
from shopkeep.shop.tests.factories import IDENTITY

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).with_name("golden") / "policy.md"
FIXED_PROOF = {"P-01": ["t"], "P-06": ["t"], "P-13": ["t"], "P-20": ["t"], "P-23": ["t"], "P-40": ["t"]}
FIXED_CLAUSES = {"P-23": {"only to complete the order": ["t"], "recorded": ["t"]}, "P-40": {"generated": ["t"]}}


@pytest.fixture
def fixed_proof(monkeypatch):
    """Pin which promises (and clauses) count as proven, so the golden file changes only with the data map."""
    monkeypatch.setattr(promises, "promise_tests", lambda: FIXED_PROOF)
    monkeypatch.setattr(promises, "promise_clause_tests", lambda: FIXED_CLAUSES)
    identity_update(changed_by=None, values={**IDENTITY})


def sections(document=None) -> dict:
    return {s["key"]: s for s in (document or policy_document())["sections"]}


def text_of(section: dict) -> str:
    return " ".join(section["paragraphs"] + section.get("points", []) + section.get("after", []))


@pytest.mark.promise("P-40", clause="generated")
def test_the_generated_policy_matches_the_golden_file(fixed_proof):
    # given the demo shop's data map / when the policy is generated
    text = policy_markdown(policy.policy_versioned())
    # then it is exactly the reviewed text (regenerate with SHOPKEEP_UPDATE_GOLDEN=1 after a deliberate change)
    if os.environ.get("SHOPKEEP_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.promise("P-40", clause="generated")
def test_the_policy_states_only_promises_that_tests_prove(fixed_proof):
    rows = {row["id"]: row for row in policy_document()["promises"]}
    # then a promise without a test is planned, one with every clause tested kept, one with some clauses partly kept
    assert rows["P-02"]["status"] == "planned"
    assert rows["P-13"]["status"] == "kept"
    assert rows["P-23"]["status"] == "partly"
    assert rows["P-23"]["planned"] == [promises.CLAUSES["P-23"]["shown to you"]]
    # and the main text never says what is only planned
    everything = " ".join(policy.main_text(policy_document()))
    assert promises.CLAUSES["P-23"]["shown to you"] not in everything
    assert promises.CLAUSES["P-23"]["recorded"] in everything


def test_a_promise_with_a_clause_without_a_test_is_not_kept(monkeypatch):
    # given every clause of P-18 but one has a test
    clauses = {c: ["t"] for c in promises.CLAUSES["P-18"]}
    del clauses["void on cancel"]
    monkeypatch.setattr(promises, "promise_tests", lambda: {"P-18": ["t"]})
    monkeypatch.setattr(promises, "promise_clause_tests", lambda: {"P-18": clauses})
    # then it is only partly kept, and not among the proven promises
    assert promises.promise_status("P-18") == {"status": "partly", "proven": [c for c in promises.CLAUSES["P-18"]
                                                                                if c != "void on cancel"],
                                                  "planned": ["void on cancel"]}
    assert "P-18" not in promises.proven_promises()


def test_the_detail_view_pairs_each_purpose_with_its_legal_basis(fixed_proof):
    collected = {item["category"]: item for item in policy_document()["detail"]["collected"]}
    email = collected["user.contact.email"]
    assert email["what"] == "your email address"
    assert {"why": "to email you about your orders and account",
            "legal_basis": "needed to perform our contract with you (GDPR Art. 6(1)(b))"} in email["purposes"]
    assert "Customer service" in email["staff_who_see_it"] and "Marketing" not in email["staff_who_see_it"]
    card = collected["user.financial.bank_account"]
    assert card["staff_who_see_it"] == ["Owner", "Billing clerk"]
    assert card["kept_for"] == ["for 30 days after the last change",
                                "for 6 years after the payment, as accounting law requires"]


def test_the_policy_states_the_checkout_ip_retention_the_shop_is_set_to(fixed_proof, settings):
    # given the shop keeps checkout IP addresses for 30 days instead of the default 90
    settings.SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS = 30
    # when the policy is generated
    document = policy_document()
    # then it states the period the erasure job enforces
    collected = {item["category"]: item for item in document["detail"]["collected"]}
    assert collected["user.device.ip_address"]["kept_for"] == ["for 30 days after the checkout attempt"]
    assert "Checkout IP addresses: 30 days after the checkout attempt." in text_of(sections(document)["retention"])
    assert {r["retention"] for r in ropa_rows() if r["field"] == "checkout_ip"} == {"for 30 days after the checkout attempt"}


def test_a_changed_declaration_changes_the_content_hash(fixed_proof, monkeypatch):
    before = policy_document()["content_hash"]
    monkeypatch.setitem(policy.CATEGORIES, "user.name", "the name you give us")
    assert policy_document()["content_hash"] != before


def test_the_record_of_processing_names_the_controller_and_has_a_row_per_personal_field(fixed_proof):
    rows = ropa_rows()
    keys = {(r["record"], r["field"]) for r in rows}
    assert ("customers.User", "email") in keys
    assert ("payments.Payment", "card_last4") in keys
    assert ("catalog.Product", "name") not in keys
    assert all(r["legal_basis"] and r["retention"] and r["purposes"] for r in rows)
    # and the controller is the shop's identity, not the software
    assert {r["controller"] for r in rows} == {
        f"{IDENTITY['legal_name']}, {IDENTITY['postal_address'].replace(chr(10), ', ')}, {IDENTITY['contact_email']}"}
    assert "shopkeep" not in rows[0]["controller"].lower()


def test_the_commands_print_the_policy_in_three_formats_and_the_record_as_csv(fixed_proof):
    out = io.StringIO()
    call_command("privacy_policy", "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["content_hash"] == policy_document()["content_hash"]
    assert "version" in document and "published_on" in document
    out = io.StringIO()
    call_command("privacy_policy", "--format", "html", stdout=out)
    assert "<h2>What we collect and why</h2>" in out.getvalue()
    assert "Draft: no version of this policy has been published yet." in out.getvalue()
    out = io.StringIO()
    call_command("privacy_policy", stdout=out)
    assert out.getvalue().startswith("# Privacy policy of")
    out = io.StringIO()
    call_command("ropa", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(ropa_rows())


def test_the_privacy_pages_render_without_setting_a_cookie(client):
    for path in ("/privacy/", "/privacy/changes/", "/privacy/promises/", "/cookies/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.cookies == {}, path
    assert "Who receives your data" in client.get("/privacy/").content.decode()


def test_the_policy_names_who_runs_the_shop_and_where_to_complain(fixed_proof, client):
    # given the shop's identity / when the policy page is read
    page = client.get("/privacy/").content.decode()
    document = policy_document()
    # then "Who we are" names the controller with address and contact, and "Complaints" the authority
    who = text_of(sections(document)["who"])
    assert IDENTITY["legal_name"] in who and IDENTITY["contact_email"] in who
    assert IDENTITY["postal_address"].splitlines()[0] in who
    complaints = text_of(sections(document)["contact"])
    assert IDENTITY["authority_name"] in complaints and IDENTITY["authority_url"] in complaints
    assert IDENTITY["legal_name"] in page and IDENTITY["authority_name"] in page


def test_the_policy_starts_with_a_summary_and_follows_the_seed_policies_order(fixed_proof, client):
    document = policy_document()
    assert document["summary"]["collect"] and document["summary"]["never"]
    assert [c["href"] for c in document["summary"]["can"]][:2] == ["/account/privacy/", "/privacy/request/"]
    keys = [s["key"] for s in document["sections"]]
    order = ["who", "collected", "cookies", "recipients", "retention", "rights", "security", "children", "changes",
             "contact"]
    assert [k for k in keys if k in order] == order
    rights = sections(document)["rights"]
    assert {link["href"] for link in rights["links"]} == {"/account/privacy/", "/privacy/request/"}
    page = client.get("/privacy/").content.decode()
    assert page.index("In short") < page.index("Who we are") < page.index("Details for the record")
    assert "(&#x27;key&#x27;" not in page and "('key'" not in page  # no section's dict leaks into the page


def test_retention_is_one_sentence_per_period_and_every_enforced_period_is_stated(fixed_proof):
    retention = sections()["retention"]["paragraphs"]
    # then no sentence merges several periods, and each period the runner enforces has its sentence
    assert all(sentence.count(": ") == 1 for sentence in retention)
    from shopkeep.privacy.retention import JOBS, retention_get
    for key in JOBS:
        assert any(sentence.startswith(retention_get(key).when + ":") for sentence in retention), key


def test_the_promises_page_reads_as_plain_language_with_tests_folded_away(client):
    page = client.get("/privacy/promises/").content.decode()
    assert "Kept" in page and "Planned" in page
    assert "<details><summary>For auditors" in page
    # test paths appear only inside the collapsible detail
    before_details = page.split("<details>")[0]
    assert "test_" not in before_details


def test_the_policy_page_is_cached_per_published_version(fixed_proof, client, django_assert_max_num_queries):
    client.get("/privacy/")
    # when read a second time, the document is not generated again (a handful of queries, not the data map's)
    with django_assert_max_num_queries(4):
        assert client.get("/privacy/").status_code == 200
