"""A person's data: see it, take a copy, have it erased (P-31, P-32, P-33); guests by email (P-34).

`/me/*` act for the customer logged in to the shop in this browser (the session cookie the account pages
set); their POSTs need Django's CSRF token (header `X-CSRFToken`), since a session cookie is sent along
with any site's request. `POST /privacy-requests` needs nothing and answers 202 for any address.
"""

from typing import Any

from ninja import Router, Schema, Status
from ninja.utils import check_csrf
from pydantic import Field

from shopkeep.api.errors import INVALID_INPUT, ApiError, declare
from shopkeep.api.schemas import Email, StrictInput, Text
from shopkeep.conf import conf
from shopkeep.http import client_ip
from shopkeep.privacy import rights
from shopkeep.privacy.errors import TooManyRequests
from shopkeep.privacy.forms import PrivacyRequestForm
from shopkeep.privacy.subjects import subject_for_email

router = Router(tags=["your data"])


class Record(Schema):
    type: str = Field(description="The record type, `app.Model`.", examples=["orders.Order"])
    description: str
    fields: list[str]
    withheld: list[str] = Field(description="Secrets kept but not shown (password hash, payment token).")
    rows: list[dict[str, Any]]


class MyData(Schema):
    schema_: str = Field(alias="schema", description="Always `shopkeep-export/1` (docs/export-schema.md).")
    generated_at: str
    email: str
    records: list[Record]


class ExportAccepted(Schema):
    id: int
    status: str
    detail: str


class ErasureIn(StrictInput):
    password: Text = Field(description="The account's password, to confirm it is the customer.")


class ErasureAccepted(Schema):
    due_at: str = Field(description="When the erasure is carried out unless cancelled by the emailed link.")
    detail: str


class PrivacyRequestIn(StrictInput):
    email: Email = Field(description="The address to send the link to.")


class Accepted(Schema):
    detail: str


def _customer(request, *, write: bool = False):
    user = request.user
    if not user.is_authenticated or user.is_staff:
        raise ApiError(401, "Log in to your customer account in this browser first.")
    if write and check_csrf(request) is not None:
        raise ApiError(403, "Send the CSRF token of your session in the X-CSRFToken header.")
    return user


@router.get("/me/data", response=declare({200: MyData}, 401), summary="Everything the shop holds about me",
            by_alias=True)
def my_data(request):
    """Every record about the logged-in customer, from the data map, decrypted (the export's data.json)."""
    return rights.subject_data(subject_for_email(_customer(request).email))


@router.post("/me/export", response=declare({202: ExportAccepted}, 401, 403),
             summary="Make a copy of my data")
def my_export(request):
    """Queue a ZIP of everything about the logged-in customer; the privacy center shows its progress and
    download link (the link works for SHOPKEEP_EXPORT_LINK_DAYS days)."""
    export = rights.export_request(subject=subject_for_email(_customer(request, write=True).email))
    return Status(202, {"id": export.pk, "status": export.status,
                        "detail": "We are making your copy; download it from /account/privacy/ when it is ready."})


@router.post("/me/erasure", response=declare({202: ErasureAccepted}, 400, 401, 403, 422),
             summary="Erase my account and data")
def my_erasure(request, payload: ErasureIn):
    """Schedule the erasure of the logged-in customer after the grace period (a link in the email cancels it)."""
    user = _customer(request, write=True)
    if not user.check_password(payload.password):
        raise ApiError(422, INVALID_INPUT, errors={"password": "That is not your current password."})
    request_ = rights.erasure_request(subject=subject_for_email(user.email), source="account")
    return Status(202, {"due_at": request_.due_at.isoformat(),
                        "detail": f"Your data will be erased in {conf.erasure_grace_days} days unless you cancel "
                                  "with the link we emailed you."})


@router.post("/privacy-requests", response=declare({202: Accepted}, 400, 422, 429), summary="See, copy or erase my data (no account)")
def privacy_request(request, payload: PrivacyRequestIn):
    """Mail a single-use link that opens what the shop holds about `email`. Always 202 for a valid address,
    whether or not the shop knows it; 429 past SHOPKEEP_PRIVACY_REQUESTS_PER_HOUR from one IP or to one address."""
    form = PrivacyRequestForm(data=payload.model_dump())
    if not form.is_valid():
        raise ApiError(422, INVALID_INPUT, errors={name: errors[0] for name, errors in form.errors.items()})
    try:
        rights.guest_link_request(email=form.cleaned_data["email"], ip=client_ip(request))
    except TooManyRequests as refused:
        raise ApiError(429, refused.message) from None
    return Status(202, {"detail": "If you can read mail at that address, a link is on its way."})
