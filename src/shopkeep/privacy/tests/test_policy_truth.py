"""Every sentence of the policy is true of the code and the settings in force, and Art. 13/14 GDPR is complete.

One test per sentence the policy used to overstate (issue 17): each fails if the sentence comes back while the
behaviour behind it is missing.
"""

import io
import json
import re

import pytest
import textstat
from django.core.management import call_command

from shopkeep.mailing.kinds import EMAIL_KINDS
from shopkeep.mailing.privacy import EMAIL_KIND_NAMES
from shopkeep.privacy import promises, retention
from shopkeep.privacy.cookies import COOKIES
from shopkeep.privacy.policy import ART13_ITEMS, main_text, policy_document, policy_markdown, policy_versioned
from shopkeep.privacy.promises import CLAUSES, promise_status
from shopkeep.privacy.registry import REGISTRY
from shopkeep.shop.services import identity_update
from shopkeep.shop.tests.factories import IDENTITY

pytestmark = pytest.mark.django_db

WORDS_PER_MINUTE = 250  # an adult's silent reading pace
MAX_WORDS = 4 * WORDS_PER_MINUTE  # 1,000 words: the main text is read in four minutes
MAX_LONG_SENTENCE_SHARE = 0.05
# Every setting that adds a sentence to the main text, all on: the longest policy the shop can generate.
LONGEST = {"SHOPKEEP_IMMEDIATE_CAPTURE": True, "SHOPKEEP_PAYMENT_GATEWAY": "stripe",
           "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "smtp.mailer.example",
           "REDIS_URL": "redis://127.0.0.1:6379/0", "SHOPKEEP_HOSTING_PROVIDER": "Hetzner Online GmbH, Germany",
           "SHOPKEEP_COOKIES": "necessary"}


@pytest.fixture(autouse=True)
def identity():
    identity_update(changed_by=None, values={**IDENTITY})


def section_text(key: str, document=None) -> str:
    for section in (document or policy_document())["sections"]:
        if section["key"] == key:
            return " ".join(section["paragraphs"] + section.get("points", []) + section.get("after", []))
    return ""


def everything(document=None) -> str:
    return " ".join(main_text(document or policy_document()))


def prove(monkeypatch, **clauses):
    """Pretend exactly these clauses (promise id with _ for -: clause names) have tests, and nothing else."""
    tests = {pid.replace("_", "-"): ["t"] for pid in clauses}
    by_clause = {pid.replace("_", "-"): {c: ["t"] for c in names} for pid, names in clauses.items()}
    monkeypatch.setattr(promises, "promise_tests", lambda: tests)
    monkeypatch.setattr(promises, "promise_clause_tests", lambda: by_clause)


# --- 1. encryption (P-15) ---------------------------------------------------------------------------------

def test_only_categories_whose_every_field_is_encrypted_are_called_encrypted():
    # given the data map / when the policy says what it encrypts
    text = section_text("security")
    # then the old blanket sentence is gone, and every category it names is encrypted in every customer field
    assert "Personal data at rest is encrypted" not in everything()
    detail = {item["category"]: item for item in policy_document()["detail"]["collected"]}
    unencrypted = [c for c, item in detail.items() if not item["encrypted_at_rest"]]
    assert "user.name" in unencrypted  # the account's name is not encrypted: the policy must not say names are
    match = re.search(r"We encrypt (.+?) in our database", text)
    if promise_status("P-15")["status"] == "planned":
        assert match is None
        return
    assert "name" not in match.group(1)


# --- 2. disclosures shown to the customer (P-23) --------------------------------------------------------

def test_disclosures_are_said_to_be_shown_only_once_a_test_proves_it(monkeypatch):
    shown = CLAUSES["P-23"]["shown to you"]
    prove(monkeypatch, P_23=["only to complete the order", "recorded"])
    assert shown not in everything()
    assert CLAUSES["P-23"]["recorded"] in everything()
    prove(monkeypatch, P_23=["only to complete the order", "recorded", "shown to you"])
    assert shown in everything()


# --- 3. capture wording follows the setting (P-18) ------------------------------------------------------

def test_with_immediate_capture_allowed_the_policy_says_some_products_are_charged_at_checkout(settings):
    settings.SHOPKEEP_IMMEDIATE_CAPTURE = True
    text = section_text("fraud")
    assert "can be charged at checkout instead" in text
    assert "only if you tick the box" in text or promise_status("P-18")["status"] != "kept"


def test_without_immediate_capture_the_policy_never_mentions_charging_at_checkout(settings):
    settings.SHOPKEEP_IMMEDIATE_CAPTURE = False
    assert "charged at checkout instead" not in section_text("fraud")


def test_only_authorised_is_not_claimed_when_immediate_capture_is_allowed_without_proof(settings, monkeypatch):
    settings.SHOPKEEP_IMMEDIATE_CAPTURE = True
    prove(monkeypatch, P_18=["authorised at checkout", "captured on dispatch", "void on cancel"])
    assert CLAUSES["P-18"]["authorised at checkout"] not in everything()


# --- 4. which emails a non-subscriber gets (P-26) -------------------------------------------------------

def test_every_kind_of_email_a_non_subscriber_can_get_is_named():
    text = section_text("email")
    assert "Non-subscribers receive only replies, order updates and account messages" not in everything()
    for name, kind in EMAIL_KINDS.items():
        if EMAIL_KIND_NAMES[name] is None or (kind.marketing and kind.needs_subscription):
            continue
        assert EMAIL_KIND_NAMES[name].lower() in text.lower(), name
    assert set(EMAIL_KINDS) <= set(EMAIL_KIND_NAMES)


# --- 5. retention stated as fact only where enforced (P-35) ---------------------------------------------

def test_a_period_no_job_enforces_is_stated_as_planned(monkeypatch):
    # given the cart period loses its job
    monkeypatch.setattr(retention, "JOBS", {k: v for k, v in retention.JOBS.items() if k != "cart"})
    # then its sentence says automatic deletion is planned
    [sentence] = [s for s in policy_retention_sentences() if s.startswith("Unfinished carts")]
    assert sentence.endswith("Not yet deleted automatically (planned).")


def policy_retention_sentences() -> list[str]:
    return next(s for s in policy_document()["sections"] if s["key"] == "retention")["paragraphs"]


def test_every_enforced_period_is_stated_without_the_planned_note():
    sentences = policy_retention_sentences()
    for key in retention.JOBS:
        [sentence] = [s for s in sentences if s.startswith(f"{retention.retention_get(key).when}: ")]
        assert "Not yet" not in sentence, key


# --- 6. staff access on every screen, export and API (P-36) ---------------------------------------------

def test_every_screen_export_and_api_is_claimed_only_with_its_tests(monkeypatch):
    prove(monkeypatch, P_36=["by role"])
    assert CLAUSES["P-36"]["by role"] in everything()
    assert CLAUSES["P-36"]["every screen"] not in everything()
    assert CLAUSES["P-36"]["export and API"] not in everything()
    assert "every screen, export and API" not in everything()


# --- 7. versioned and published (P-40) ------------------------------------------------------------------

@pytest.mark.promise("P-40", clause="versioned")
def test_seed_demo_publishes_version_1_and_the_change_log_shows_it(client):
    # given a fresh database / when seed_demo runs
    call_command("seed_demo", stdout=io.StringIO())
    # then the policy page shows version 1 with its date, never "Not yet published", and the change log lists it
    page = client.get("/privacy/").content.decode()
    assert "Version 1, published" in page and "Not yet published" not in page and "Draft" not in page
    assert "Version 1" in client.get("/privacy/changes/").content.decode()
    # and every format carries the version and date
    assert "Version 1, published" in policy_markdown(policy_versioned())
    out = io.StringIO()
    call_command("privacy_policy", "--format", "html", stdout=out)
    assert "Version 1, published" in out.getvalue()
    out = io.StringIO()
    call_command("privacy_policy", "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["version"] == 1 and document["published_on"]


def test_an_unpublished_policy_says_it_is_a_draft(client):
    assert "Draft: no version of this policy has been published yet." in client.get("/privacy/").content.decode()


# --- 8. contests (P-30) ---------------------------------------------------------------------------------

def test_contests_are_mentioned_only_with_the_tests_of_that_clause(monkeypatch):
    prove(monkeypatch, P_30=["subscriber coupons", "surveys opt-in"])
    assert "contest" not in section_text("email").lower()
    prove(monkeypatch, P_30=["contests opt-in"])
    assert CLAUSES["P-30"]["contests opt-in"] in section_text("email")


# --- 9. the footer's cookie sentence --------------------------------------------------------------------

def test_the_footer_names_every_action_that_sets_a_cookie(client, settings):
    settings.SHOPKEEP_COOKIES = "necessary"
    page = client.get("/").content.decode()
    assert "No cookies until you add something to your cart, and no tracking." not in page
    for cookie in COOKIES.values():
        assert cookie.set_when in page.split("No cookies until you")[1].split("</li>")[0], cookie.name


def test_logging_in_sets_only_cookies_declared_as_set_when_you_log_in(client):
    from shopkeep.customers.tests.factories import PASSWORD, customer_create

    customer_create(email="ada@example.com")
    response = client.post("/account/login/", {"username": "ada@example.com", "password": PASSWORD},
                           HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    set_on_login = {c.name for c in COOKIES.values() if c.set_when == "log in"}
    assert set(response.cookies) and set(response.cookies) <= set_on_login


# --- 10. proven promises the policy used to leave out (P-16, P-19, P-20) -------------------------------

def test_fraud_holds_and_the_checkout_ip_are_stated_with_the_settings_in_force(settings, monkeypatch):
    settings.SHOPKEEP_FRAUD_ORDER_VALUE_LIMIT = 500
    settings.SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS = 45
    prove(monkeypatch, P_19=[], P_20=[])
    text = section_text("fraud")
    assert "over 500 EUR" in text and "a person from customer service calls you" in text
    assert "erase it after 45 days" in text
    prove(monkeypatch)
    assert "holds an order automatically" not in section_text("fraud")


def test_password_clauses_are_stated_one_by_one_as_they_are_proven(monkeypatch):
    prove(monkeypatch, P_16=["argon2id"])
    assert CLAUSES["P-16"]["argon2id"] in section_text("security")
    assert CLAUSES["P-16"]["rate limit"] not in everything()


# --- Art. 13/14 checklist -------------------------------------------------------------------------------

def test_the_policy_json_covers_every_art_13_and_14_item(settings, client):
    settings.SHOPKEEP_HOSTING_PROVIDER = "Hetzner Online GmbH, Germany"
    out = io.StringIO()
    call_command("privacy_policy", "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    sections = {s["key"]: " ".join(s["paragraphs"] + s.get("points", []) + s.get("after", []))
                for s in document["sections"]}
    # then every item points at a section that exists
    assert set(document["art13"]) == set(ART13_ITEMS)
    assert all(sections.get(key) for key in document["art13"].values())
    # and says what the item needs
    assert IDENTITY["legal_name"] in sections["who"] and IDENTITY["contact_email"] in sections["who"]
    assert IDENTITY["data_protection_contact"] in sections["who"]
    assert all(re.search(r"\((contract|legal duty|legitimate interest|consent)(, [a-z ]+)*\)\.$", item)
               for section in document["sections"] if section["key"] == "collected" for item in section["points"])
    assert "Our legitimate interests are " in sections["collected"]
    assert "you must give your email address" in sections["collected"] and "without them" in sections["collected"]
    assert "payment gateway tells us" in sections["collected"] and "country of your checkout's IP" in sections["collected"]
    assert "automatically" in sections["fraud"] and "a person" in sections["fraud"] and "contest a hold" in sections["fraud"]
    assert "Hetzner Online GmbH, Germany" in sections["recipients"]
    assert "Authorities" in sections["recipients"]
    assert "outside the EU" in sections["recipients"]
    recipients = {r["code"]: r for r in document["detail"]["recipients"]}
    assert recipients["payment_gateway"]["location"] and recipients["carrier"]["location"]
    assert recipients["hosting"]["location"] == "Germany"
    assert {p["code"]: p["location"] for p in document["detail"]["processors"]}["carrier"]
    assert "withdraw a consent" in sections["rights"] and "deleted" in sections["rights"]
    assert IDENTITY["authority_name"] in sections["contact"]


def test_the_recipients_follow_the_mail_gateway_and_redis_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.mailer.example"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.SHOPKEEP_PAYMENT_GATEWAY = "stripe"
    text = section_text("recipients")
    assert "smtp.mailer.example" in text and "Redis" in text
    assert "Stripe" in text and "USA" in text
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    settings.REDIS_URL = ""
    settings.SHOPKEEP_PAYMENT_GATEWAY = "sandbox"
    text = section_text("recipients")
    assert "smtp" not in text and "Redis" not in text and "your data stays in the EU" in text


# --- length and clarity ---------------------------------------------------------------------------------

@pytest.mark.parametrize("configuration", [{}, {"EMAIL_BACKEND": "shopkeep.mailing.backends.OutboxBackend"}, LONGEST],
                         ids=["tests", "demo", "longest"])
def test_the_main_text_is_short_plain_and_free_of_machine_notation(settings, configuration):
    # given the settings of the tests, of the demo shop (mail to the outbox) or every setting that adds text
    for name, value in configuration.items():
        setattr(settings, name, value)
    # when the policy is generated
    texts = main_text(policy_document())
    text = "\n".join(texts)
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]
    long = [s for s in sentences if textstat.lexicon_count(s) > 30]
    # then a customer reads it in four minutes, few sentences are long, and it reads easily
    assert textstat.lexicon_count(text) <= MAX_WORDS, textstat.lexicon_count(text)
    assert len(long) <= MAX_LONG_SENTENCE_SHARE * len(sentences), long
    assert textstat.flesch_reading_ease(text) >= 60
    # and it carries no category ids, promise tags or article numbers (those are in the detail view)
    assert not re.search(r"\bP-\d\d\b|\buser\.[a-z]|\bArt\. ?\d|GDPR|`|essential\.|marketing\.", text)
    categories = {spec.category for d in REGISTRY.values() for spec in d.personal.values()}
    assert not any(category in text for category in categories)
