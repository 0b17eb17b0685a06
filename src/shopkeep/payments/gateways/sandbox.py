"""The sandbox gateway client. It calls the sandbox service in-process, where a real
client would call the provider's HTTPS API."""

from django.core import signing
from django.urls import reverse

from shopkeep.conf import conf
from shopkeep.money import Money
from shopkeep.payments.errors import InvalidPaymentToken
from shopkeep.payments.gateways.base import Authorisation, CardDetails
from shopkeep.sandbox_gateway import services as sandbox
from shopkeep.sandbox_gateway.models import SandboxToken

SESSION_SALT = "shopkeep.sandbox_gateway.session"


class SandboxGateway:
    code = "sandbox"

    def hosted_page_url(self, *, amount: Money, return_url: str, cancel_url: str) -> str:
        session = signing.dumps(
            {"amount": str(amount.amount), "currency": amount.currency, "return": return_url, "cancel": cancel_url,
             "merchant": conf.shop_name},
            salt=SESSION_SALT,
            compress=True,
        )
        return reverse("sandbox_gateway:pay", args=[session])

    def card_details(self, *, token: str) -> CardDetails | None:
        card = SandboxToken.objects.filter(token=token).first()
        if card is None:
            return None
        return CardDetails(brand=card.brand, last4=card.last4, exp_month=card.exp_month, exp_year=card.exp_year)

    def authorise(self, *, token: str, amount: Money, idempotency_key: str) -> Authorisation:
        try:
            charge = sandbox.charge_authorise(
                token=token, amount=amount.amount, currency=amount.currency, idempotency_key=idempotency_key
            )
        except sandbox.CardError as error:
            raise InvalidPaymentToken() from error
        return Authorisation(
            approved=charge.status != charge.Status.DECLINED,
            reference=charge.reference,
            decline_code=charge.decline_code,
            cvc_check=charge.cvc_check,
            address_check=charge.address_check,
        )

    def void(self, *, reference: str) -> None:
        sandbox.charge_void(reference=reference)
