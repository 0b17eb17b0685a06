"""People with data in every corner of the shop, for the export and erasure tests (P-32, P-33, P-34)."""

from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from shopkeep.customers.tests.factories import address_create, customer_create
from shopkeep.mailing.campaigns.surveys import survey_consent_set
from shopkeep.mailing.campaigns.tests.factories import subscriber_confirmed
from shopkeep.orders.models import OrderEvent, PhoneVerification, ReturnRequest
from shopkeep.orders.tests.factories import order_place
from shopkeep.privacy.services import audit_record, disclose
from shopkeep.support.tests.factories import ticket_create


@dataclass
class Person:
    email: str
    name: str
    phone: str
    line1: str
    city: str
    ip: str
    user: object = None
    orders: tuple = ()

    @property
    def needles(self) -> dict[str, str]:
        """What must not be found anywhere once the person is erased."""
        return {"email": self.email, "name": self.name, "phone": self.phone, "street": self.line1,
                "city": self.city, "ip": self.ip}


ADA = dict(email="ada.quillfeather@example.com", name="Ada Quillfeather", phone="+44 20 7946 0123",
           line1="7 Quillfeather Lane", city="Wolverhampton", ip="203.0.113.77")
BOB = dict(email="bob.marchbanks@example.net", name="Bob Marchbanks", phone="+44 20 7946 0999",
           line1="99 Marchbanks Road", city="Sunderland", ip="198.51.100.23")


def person_with_everything(*, account: bool = True, staff=None, **who) -> Person:
    """A customer (or a guest) with an address, orders, a return, a phone check, a subscription, a support
    request, a survey consent, a disclosure and a staff access in the audit log."""
    person = Person(**(who or ADA))
    if account:
        person.user = customer_create(email=person.email, name=person.name)
        address_create(customer=person.user, name=person.name, line1=person.line1, city=person.city,
                       phone=person.phone)
        survey_consent_set(customer=person.user, consent=True)
    order = order_place(customer=person.user, email=person.email, client_ip=person.ip, phone=person.phone)
    for address in (order.shipping_address, order.billing_address):
        address.name, address.line1, address.city = person.name, person.line1, person.city
        address.save()
    guest_order = order_place(customer=None, email=person.email, client_ip=person.ip, phone=person.phone)
    person.orders = (order, guest_order)
    OrderEvent.objects.create(order=order, to_status="placed", note="Placed on the phone")
    PhoneVerification.objects.create(order=order, called_at=timezone.now(), outcome="confirmed",
                                     note=f"Spoke to {person.name}")
    ReturnRequest.objects.create(order=order, kind=ReturnRequest.Kind.REFUND, reason="Too small")
    subscriber_confirmed(person.email)
    ticket_create(email=person.email, name=person.name, customer=person.user,
                  message=f"Hello, this is {person.name} at {person.line1}. Where is my parcel?")
    reference = person.user.customer_number if person.user else order.number
    disclose(processor="carrier", subject_ref=order.number, data={"user.name": person.name},
             purpose="to deliver the parcel")
    if staff is not None:
        audit_record(staff=staff, role="owner", subject_ref=reference, fields=["customers.User.email"],
                     action="view", reason="Answering a question")
    return person


def database_scan(needles: dict[str, str]) -> list[str]:
    """Every model field in the whole database (encrypted fields decrypted) that holds one of `needles`."""
    lowered = {what: value.lower() for what, value in needles.items()}
    found = []
    for model in apps.get_models():
        fields = [field for field in model._meta.concrete_fields]
        for row in model._default_manager.all().iterator() if model._meta.managed else ():
            for field in fields:
                value = getattr(row, field.attname)
                if value in (None, "") or isinstance(value, (bool, int)):
                    continue
                text = str(value).lower()
                for what, needle in lowered.items():
                    if needle in text:
                        found.append(f"{model._meta.label}.{field.name} #{row.pk} holds the {what}")
    return found


def sessions_of(user) -> int:
    from django.contrib.sessions.models import Session

    return sum(1 for session in Session.objects.all() if str(session.get_decoded().get("_auth_user_id")) == str(user.pk))

