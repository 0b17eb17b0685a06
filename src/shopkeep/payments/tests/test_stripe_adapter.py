"""The Stripe adapter against recorded Stripe HTTP responses (no network): the requests it sends
(method, path, parameters, Idempotency-Key) and how it reads the answers."""

import json
import os
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import stripe

from shopkeep.money import Money
from shopkeep.payments.errors import GatewayUnavailable, PaymentDeclined
from shopkeep.payments.gateways import stripe as stripe_adapter
from shopkeep.payments.gateways.registry import gateway_get
from shopkeep.payments.gateways.stripe import StripeGateway
from shopkeep.payments.models import Payment
from shopkeep.payments.services import payment_authorise, payment_capture, payment_refund, payment_void

RECORDED = Path(__file__).parent / "recorded"
EUR_43_95 = Money(Decimal("43.95"), "EUR")


class RecordedHTTPClient(stripe.HTTPClient):
    """Answers each request with the next recorded response and keeps what was sent."""

    name = "recorded"

    def __init__(self, *responses: tuple[int, str] | Exception) -> None:
        super().__init__()
        self.responses = list(responses)
        self.sent: list[dict] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        self.sent.append({
            "method": method.upper(),
            "path": parts.path,
            "params": dict(parse_qsl(post_data or parts.query or "")),
            "idempotency_key": (headers or {}).get("Idempotency-Key"),
        })
        response = self.responses.pop(0)
        if isinstance(response, Exception):
            raise response
        status, fixture = response
        return (RECORDED / fixture).read_text(), status, {"Request-Id": "req_recorded"}

    def close(self):
        pass


def stripe_gateway(*responses) -> tuple[StripeGateway, RecordedHTTPClient]:
    http = RecordedHTTPClient(*responses)
    client = stripe.StripeClient("sk_test_recorded", http_client=http, max_network_retries=0)
    return StripeGateway(client=client), http


@pytest.fixture
def use_stripe(settings, monkeypatch):
    """Make `stripe` the configured gateway, answering from the given recorded responses."""
    settings.SHOPKEEP_PAYMENT_GATEWAY = "stripe"

    def install(*responses):
        gateway, http = stripe_gateway(*responses)
        monkeypatch.setattr(stripe_adapter, "StripeGateway", lambda: gateway)
        return http

    return install


def test_authorising_creates_a_manual_capture_payment_intent_with_the_idempotency_key():
    # given
    gateway, http = stripe_gateway((200, "payment_intent_requires_capture.json"))

    # when
    result = gateway.authorise(token="pm_1QRecordedVisa0001", amount=EUR_43_95, idempotency_key="checkout:abc")

    # then
    assert (result.approved, result.reference, result.cvc_check, result.address_check) == (
        True, "pi_3QRecordedIntent01", "pass", "pass")
    assert http.sent == [{
        "method": "POST",
        "path": "/v1/payment_intents",
        "params": {
            "amount": "4395", "currency": "eur", "payment_method": "pm_1QRecordedVisa0001",
            "payment_method_types[0]": "card", "capture_method": "manual", "confirm": "true",
            "payment_method_options[card][request_multicapture]": "if_available", "expand[0]": "latest_charge",
            "metadata[shopkeep_idempotency_key]": "checkout:abc",
        },
        "idempotency_key": "checkout:abc",
    }]


def test_reconciliation_finds_an_authorisation_by_its_idempotency_key():
    # given: the shop crashed before recording Stripe's answer
    gateway, http = stripe_gateway((200, "payment_intent_search.json"), (200, "payment_intent_search_empty.json"))

    # when
    found = gateway.authorisation_find(idempotency_key="checkout:abc")
    missing = gateway.authorisation_find(idempotency_key="checkout:never-sent")

    # then
    assert (found.approved, found.reference) == (True, "pi_3QRecordedIntent01")
    assert missing is None
    assert http.sent[0]["path"] == "/v1/payment_intents/search"
    assert http.sent[0]["params"]["query"] == "metadata['shopkeep_idempotency_key']:'checkout:abc'"


def test_a_declined_card_is_an_unapproved_authorisation_with_the_decline_code():
    # given
    gateway, _ = stripe_gateway((402, "card_declined.json"))

    # when
    result = gateway.authorise(token="pm_1QRecordedVisa0001", amount=EUR_43_95, idempotency_key="k")

    # then
    assert (result.approved, result.decline_code) == (False, "insufficient_funds")


def test_card_details_come_from_the_payment_method_and_an_unknown_token_is_none():
    # given
    gateway, http = stripe_gateway((200, "payment_method.json"), (404, "no_such_payment_method.json"))

    # when
    card = gateway.card_details(token="pm_1QRecordedVisa0001")
    unknown = gateway.card_details(token="pm_unknown")

    # then
    assert (card.brand, card.last4, card.exp_month, card.exp_year) == ("visa", "4242", 12, 2030)
    assert unknown is None
    assert [(sent["method"], sent["path"]) for sent in http.sent] == [
        ("GET", "/v1/payment_methods/pm_1QRecordedVisa0001"), ("GET", "/v1/payment_methods/pm_unknown")]


def test_a_partial_capture_sends_amount_to_capture_and_keeps_the_intent_open():
    # given
    gateway, http = stripe_gateway((200, "payment_intent_partly_captured.json"))

    # when
    result = gateway.capture(reference="pi_3QRecordedIntent01", amount=Money(Decimal("15.00"), "EUR"),
                             idempotency_key="dispatch:1")

    # then
    assert (result.ok, result.reference, result.amount) == (
        True, "pi_3QRecordedIntent01", Money(Decimal("15.00"), "EUR"))
    assert http.sent == [{
        "method": "POST", "path": "/v1/payment_intents/pi_3QRecordedIntent01/capture",
        "params": {"amount_to_capture": "1500", "final_capture": "false"}, "idempotency_key": "dispatch:1",
    }]


def test_a_refused_capture_is_not_ok_and_says_why():
    # given
    gateway, _ = stripe_gateway((400, "capture_too_large.json"))

    # when
    result = gateway.capture(reference="pi_3QRecordedIntent01", amount=Money(Decimal("99.00"), "EUR"),
                             idempotency_key="dispatch:2")

    # then
    assert (result.ok, result.code) == (False, "amount_too_large")
    assert result.message.startswith("The amount to capture must be less than or equal")


def test_voiding_cancels_the_payment_intent_and_refunding_creates_a_refund():
    # given
    gateway, http = stripe_gateway((200, "payment_intent_canceled.json"), (200, "refund.json"))

    # when
    voided = gateway.void(reference="pi_3QRecordedIntent01", idempotency_key="void:1")
    refunded = gateway.refund(reference="pi_3QRecordedIntent01", amount=Money(Decimal("5.00"), "EUR"),
                              idempotency_key="return:1")

    # then
    assert (voided.ok, voided.amount) == (True, Money(Decimal("43.95"), "EUR"))
    assert (refunded.ok, refunded.reference) == (True, "re_3QRecordedRefund01")
    assert http.sent == [
        {"method": "POST", "path": "/v1/payment_intents/pi_3QRecordedIntent01/cancel", "params": {},
         "idempotency_key": "void:1"},
        {"method": "POST", "path": "/v1/refunds",
         "params": {"payment_intent": "pi_3QRecordedIntent01", "amount": "500"}, "idempotency_key": "return:1"},
    ]


def test_a_network_failure_is_gateway_unavailable():
    # given
    gateway, _ = stripe_gateway(stripe.APIConnectionError("timed out"))

    # when / then
    with pytest.raises(GatewayUnavailable):
        gateway.capture(reference="pi_3QRecordedIntent01", amount=EUR_43_95, idempotency_key="k")


def test_choosing_stripe_without_a_secret_key_is_a_clear_error(settings):
    # given
    settings.SHOPKEEP_PAYMENT_GATEWAY = "stripe"
    settings.SHOPKEEP_STRIPE_SECRET_KEY = ""

    # when / then
    with pytest.raises(Exception, match="SHOPKEEP_STRIPE_SECRET_KEY is not set"):
        gateway_get()


@pytest.mark.django_db
@pytest.mark.promise("P-13")
@pytest.mark.promise("P-18")
def test_the_shop_authorises_captures_part_refunds_and_voids_through_stripe(use_stripe):
    # given
    http = use_stripe(
        (200, "payment_method.json"), (200, "payment_intent_requires_capture.json"),
        (200, "payment_intent_partly_captured.json"), (200, "refund.json"), (200, "payment_intent_canceled.json"),
    )

    # when
    payment = payment_authorise(token="pm_1QRecordedVisa0001", amount=EUR_43_95, idempotency_key="checkout:1")
    payment_capture(payment=payment, amount=Money(Decimal("15.00"), "EUR"), idempotency_key="dispatch:1")
    payment_refund(payment=payment, amount=Money(Decimal("5.00"), "EUR"), idempotency_key="return:1")
    payment_void(payment=payment, idempotency_key="cancel:1")

    # then
    payment.refresh_from_db()
    assert (payment.gateway, payment.reference, payment.card_brand, payment.card_last4, payment.token) == (
        "stripe", "pi_3QRecordedIntent01", "visa", "4242", "pm_1QRecordedVisa0001")
    assert (payment.status, payment.captured_amount, payment.refunded_amount) == (
        Payment.Status.CAPTURED, Decimal("15.00"), Decimal("5.00"))
    assert list(payment.events.values_list("kind", "amount", "result", "gateway_reference")) == [
        ("authorise", Decimal("43.95"), "ok", "pi_3QRecordedIntent01"),
        ("capture", Decimal("15.00"), "ok", "pi_3QRecordedIntent01"),
        ("refund", Decimal("5.00"), "ok", "re_3QRecordedRefund01"),
        ("void", Decimal("28.95"), "ok", "pi_3QRecordedIntent01"),
    ]
    assert [sent["idempotency_key"] for sent in http.sent] == [
        None, "checkout:1", "dispatch:1", "return:1", "cancel:1"]


@pytest.mark.django_db
def test_a_stripe_decline_at_checkout_raises_payment_declined(use_stripe):
    # given
    use_stripe((200, "payment_method.json"), (402, "card_declined.json"))

    # when
    with pytest.raises(PaymentDeclined):
        payment_authorise(token="pm_1QRecordedVisa0001", amount=EUR_43_95, idempotency_key="checkout:1")

    # then
    assert Payment.objects.get().status == Payment.Status.DECLINED


LIVE_KEY = os.environ.get("SHOPKEEP_STRIPE_SECRET_KEY", "")


@pytest.mark.skipif(not LIVE_KEY.startswith("sk_test_"), reason="needs SHOPKEEP_STRIPE_SECRET_KEY=sk_test_... and network")
def test_live_stripe_test_mode_authorise_capture_refund_void():
    # given
    gateway = StripeGateway(client=stripe.StripeClient(LIVE_KEY))
    key = os.urandom(8).hex()

    # when
    authorised = gateway.authorise(token="pm_card_visa", amount=EUR_43_95, idempotency_key=f"a-{key}")
    captured = gateway.capture(reference=authorised.reference, amount=Money(Decimal("15.00"), "EUR"),
                               idempotency_key=f"c-{key}")
    refunded = gateway.refund(reference=authorised.reference, amount=Money(Decimal("5.00"), "EUR"),
                              idempotency_key=f"r-{key}")

    # then
    assert (authorised.approved, captured.ok, refunded.ok) == (True, True, True)
    assert json.dumps(captured.amount.amount, default=str) == '"15.00"'


def test_the_card_page_is_a_checkout_session_in_setup_mode_returning_to_the_shop(settings):
    # given
    settings.SHOPKEEP_BASE_URL = "http://shop.test"
    gateway, http = stripe_gateway((200, "checkout_session_setup.json"))

    # when
    url = gateway.hosted_page_url(amount=EUR_43_95, return_url="/checkout/payment/return/?cart=abc",
                                  cancel_url="/checkout/payment/?cart=abc")

    # then
    assert url == "https://checkout.stripe.com/c/pay/cs_test_RecordedSetupSession01"
    assert http.sent == [{
        "method": "POST", "path": "/v1/checkout/sessions",
        "params": {
            "mode": "setup", "currency": "eur", "payment_method_types[0]": "card",
            "success_url": "http://shop.test/checkout/payment/return/?cart=abc&payment_token={CHECKOUT_SESSION_ID}",
            "cancel_url": "http://shop.test/checkout/payment/?cart=abc",
        },
        "idempotency_key": http.sent[0]["idempotency_key"],
    }]


def test_a_checkout_session_token_is_resolved_to_its_payment_method():
    # given
    gateway, http = stripe_gateway((200, "checkout_session_complete.json"), (200, "payment_method.json"),
                                   (200, "checkout_session_complete.json"),
                                   (200, "payment_intent_requires_capture.json"))

    # when
    card = gateway.card_details(token="cs_test_RecordedSetupSession01")
    result = gateway.authorise(token="cs_test_RecordedSetupSession01", amount=EUR_43_95, idempotency_key="k")

    # then
    assert (card.brand, card.last4, result.approved) == ("visa", "4242", True)
    assert [(sent["method"], sent["path"]) for sent in http.sent] == [
        ("GET", "/v1/checkout/sessions/cs_test_RecordedSetupSession01"),
        ("GET", "/v1/payment_methods/pm_1QRecordedVisa0001"),
        ("GET", "/v1/checkout/sessions/cs_test_RecordedSetupSession01"),
        ("POST", "/v1/payment_intents"),
    ]
    assert http.sent[0]["params"] == {"expand[0]": "setup_intent"}
    assert http.sent[3]["params"]["payment_method"] == "pm_1QRecordedVisa0001"
