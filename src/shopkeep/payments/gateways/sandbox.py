"""The sandbox gateway client. It calls the sandbox service in-process, where a real
client would call the provider's HTTPS API."""

from django.core import signing
from django.urls import reverse

from shopkeep.conf import conf
from shopkeep.money import Money
from shopkeep.payments.errors import GatewayUnavailable, InvalidPaymentToken
from shopkeep.payments.gateways.base import Authorisation, CardDetails, OperationResult
from shopkeep.sandbox_gateway import services as sandbox
from shopkeep.sandbox_gateway.services import SESSION_SALT
from shopkeep.sandbox_gateway.models import SandboxToken


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
        except sandbox.ChargeError as error:
            return Authorisation(approved=False, reference="", decline_code=error.code)
        except sandbox.SandboxTimeout as error:
            raise GatewayUnavailable("authorisation") from error
        return Authorisation(
            approved=charge.status != charge.Status.DECLINED,
            reference=charge.reference,
            decline_code=charge.decline_code,
            cvc_check=charge.cvc_check,
            address_check=charge.address_check,
        )

    def authorisation_find(self, *, idempotency_key: str) -> Authorisation | None:
        charge = sandbox.charge_find(idempotency_key=idempotency_key)
        if charge is None:
            return None
        return Authorisation(
            approved=charge.status != charge.Status.DECLINED, reference=charge.reference,
            decline_code=charge.decline_code, cvc_check=charge.cvc_check, address_check=charge.address_check,
        )

    def capture(self, *, reference: str, amount: Money, idempotency_key: str) -> OperationResult:
        try:
            operation = sandbox.charge_capture(reference=reference, amount=amount.amount,
                                               idempotency_key=idempotency_key)
        except sandbox.ChargeError as error:
            return OperationResult(ok=False, code=error.code, message=error.message)
        except sandbox.SandboxTimeout as error:
            raise GatewayUnavailable("capture") from error
        return OperationResult(ok=True, reference=operation.reference,
                               amount=Money(operation.amount, operation.charge.currency))

    def void(self, *, reference: str, idempotency_key: str | None = None) -> OperationResult:
        try:
            charge = sandbox.charge_void(reference=reference, idempotency_key=idempotency_key)
        except sandbox.ChargeError as error:
            return OperationResult(ok=False, code=error.code, message=error.message)
        except sandbox.SandboxTimeout as error:
            raise GatewayUnavailable("void") from error
        return OperationResult(ok=True, reference=charge.reference,
                               amount=Money(charge.amount - charge.captured_amount, charge.currency))

    def refund(self, *, reference: str, amount: Money, idempotency_key: str) -> OperationResult:
        try:
            operation = sandbox.charge_refund(reference=reference, amount=amount.amount,
                                              idempotency_key=idempotency_key)
        except sandbox.ChargeError as error:
            return OperationResult(ok=False, code=error.code, message=error.message)
        except sandbox.SandboxTimeout as error:
            raise GatewayUnavailable("refund") from error
        return OperationResult(ok=True, reference=operation.reference,
                               amount=Money(operation.amount, operation.charge.currency))
