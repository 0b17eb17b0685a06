"""The Stripe adapter: PaymentIntents with manual capture, through the official `stripe` package.

Supported: authorise a PaymentMethod token (`pm_...`) with `capture_method="manual"` (confirmed at once,
multicapture requested if available), capture all or part with `amount_to_capture` (`final_capture=false`,
so later captures work where Stripe's multicapture is enabled; otherwise Stripe refuses a second capture
and the shop reports it), void by cancelling the PaymentIntent, refund all or part with a Refund.
Every call passes the shop's idempotency key as Stripe's Idempotency-Key. Amounts are sent in minor units
(2-decimal currencies only).
Card entry: `hosted_page_url` sends the customer to a Stripe Checkout Session in setup mode (Stripe's own page,
so the shop never sees the number, P-13); Stripe returns to the shop with `payment_token=cs_...`, which the
adapter resolves to the session's PaymentMethod. Not supported: zero-decimal currencies, 3-D Secure challenges
at authorisation, re-using the PaymentMethod for a renewal when Stripe refuses it off-session (the order is then
flagged for customer service).
"""

from decimal import Decimal

import stripe

from shopkeep.conf import conf
from shopkeep.money import Money
from shopkeep.payments.errors import GatewayUnavailable, PaymentError
from shopkeep.payments.gateways.base import Authorisation, CardDetails, OperationResult


METADATA_KEY = "shopkeep_idempotency_key"


def _minor(amount: Money) -> int:
    return int((amount.amount * 100).to_integral_value())


def _major(minor: int, currency: str) -> Money:
    return Money(Decimal(minor) / 100, currency.upper())


class StripeGateway:
    code = "stripe"

    def __init__(self, client: "stripe.StripeClient | None" = None) -> None:
        if client is None:
            if not conf.stripe_secret_key:
                raise PaymentError("Stripe is chosen as the payment gateway but SHOPKEEP_STRIPE_SECRET_KEY is not set.")
            client = stripe.StripeClient(conf.stripe_secret_key, max_network_retries=2)
        self.client = client

    def hosted_page_url(self, *, amount: Money, return_url: str, cancel_url: str) -> str:
        success = conf.absolute_url(return_url) if return_url.startswith("/") else return_url
        success += ("&" if "?" in success else "?") + "payment_token={CHECKOUT_SESSION_ID}"
        params = {
            "mode": "setup",
            "currency": amount.currency.lower(),
            "payment_method_types": ["card"],
            "success_url": success,
            "cancel_url": conf.absolute_url(cancel_url) if cancel_url.startswith("/") else cancel_url,
        }
        try:
            session = self.client.v1.checkout.sessions.create(params)
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as error:
            raise GatewayUnavailable("card page") from error
        return session.url

    def _payment_method(self, token: str) -> str:
        """A Checkout Session id (cs_...) stands for the PaymentMethod its SetupIntent collected."""
        if not token.startswith("cs_"):
            return token
        session = self.client.v1.checkout.sessions.retrieve(token, {"expand": ["setup_intent"]})
        intent = session.setup_intent
        method = getattr(intent, "payment_method", None) if intent is not None else None
        if not method:
            raise stripe.InvalidRequestError("The card page was not completed.", "payment_token")
        return method if isinstance(method, str) else method.id

    def card_details(self, *, token: str) -> CardDetails | None:
        try:
            method = self.client.v1.payment_methods.retrieve(self._payment_method(token))
        except stripe.InvalidRequestError:
            return None
        except (stripe.APIConnectionError, stripe.APIError) as error:
            raise GatewayUnavailable("card look-up") from error
        card = method.card
        return CardDetails(brand=card.brand, last4=card.last4, exp_month=card.exp_month, exp_year=card.exp_year)

    def authorise(self, *, token: str, amount: Money, idempotency_key: str) -> Authorisation:
        try:
            token = self._payment_method(token)
        except stripe.InvalidRequestError:
            return Authorisation(approved=False, reference="", decline_code="invalid_token")
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as error:
            raise GatewayUnavailable("authorisation") from error
        params = {
            "amount": _minor(amount),
            "currency": amount.currency.lower(),
            "payment_method": token,
            "payment_method_types": ["card"],
            "capture_method": "manual",
            "confirm": True,
            "payment_method_options": {"card": {"request_multicapture": "if_available"}},
            "expand": ["latest_charge"],
            # Reconciliation finds the intent by this key when the shop crashed before recording the answer.
            "metadata": {METADATA_KEY: idempotency_key},
        }
        try:
            intent = self.client.v1.payment_intents.create(params, {"idempotency_key": idempotency_key})
        except stripe.CardError as error:
            code = (error.error.decline_code if error.error else None) or error.code or "card_declined"
            return Authorisation(approved=False, reference="", decline_code=code)
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as error:
            raise GatewayUnavailable("authorisation") from error
        return self._authorisation(intent)

    def authorisation_find(self, *, idempotency_key: str) -> Authorisation | None:
        """Search the PaymentIntents by the key kept in their metadata (Stripe's search lags by up to a minute,
        which the reconciliation grace period covers)."""
        query = f"metadata['{METADATA_KEY}']:'{idempotency_key}'"
        try:
            found = self.client.v1.payment_intents.search({"query": query, "expand": ["data.latest_charge"]})
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as error:
            raise GatewayUnavailable("authorisation look-up") from error
        intents = list(found.data)
        if not intents:
            return None
        return self._authorisation(intents[0])

    def _authorisation(self, intent) -> Authorisation:
        if intent.status != "requires_capture":
            return Authorisation(approved=False, reference=intent.id, decline_code=intent.status)
        checks = None
        charge = intent.latest_charge
        if charge is not None and not isinstance(charge, str):
            checks = charge.payment_method_details.card.checks

        def check(name: str) -> str:
            return (getattr(checks, name, None) or "") if checks is not None else ""

        return Authorisation(
            approved=True,
            reference=intent.id,
            cvc_check=check("cvc_check"),
            address_check=check("address_postal_code_check") or check("address_line1_check"),
        )

    def capture(self, *, reference: str, amount: Money, idempotency_key: str) -> OperationResult:
        params = {"amount_to_capture": _minor(amount), "final_capture": False}
        return self._call(
            "capture", lambda: self.client.v1.payment_intents.capture(
                reference, params, {"idempotency_key": idempotency_key}), amount)

    def void(self, *, reference: str, idempotency_key: str | None = None) -> OperationResult:
        options = {"idempotency_key": idempotency_key} if idempotency_key else {}
        return self._call("void", lambda: self.client.v1.payment_intents.cancel(reference, {}, options), None)

    def refund(self, *, reference: str, amount: Money, idempotency_key: str) -> OperationResult:
        params = {"payment_intent": reference, "amount": _minor(amount)}
        return self._call(
            "refund", lambda: self.client.v1.refunds.create(params, {"idempotency_key": idempotency_key}), amount)

    def _call(self, operation: str, request, amount: Money | None) -> OperationResult:
        try:
            result = request()
        except (stripe.CardError, stripe.InvalidRequestError) as error:
            message = error.user_message or (error.error.message if error.error else "") or str(error)
            return OperationResult(ok=False, code=error.code or "", message=message)
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as error:
            raise GatewayUnavailable(operation) from error
        if amount is None:
            amount = _major(result.amount - (result.amount_received or 0), result.currency)
        return OperationResult(ok=True, reference=result.id, amount=amount)
