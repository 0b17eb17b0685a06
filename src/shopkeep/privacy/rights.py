"""A person's rights over their data: a copy of it (P-32), its erasure (P-33), and guests' proof of email (P-34).

Everything here reads the data map: the rows about a person come from `subjects.subject_rows`, the
fields to show and how to erase each come from the declarations. Emails go out through the mailer
that the mailing app registers (`rights_mailer_register`), since privacy sits below it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import zipfile
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core import signing
from django.core.cache import cache
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from shopkeep.conf import conf
from shopkeep.privacy.crypto import blind_index
from shopkeep.privacy.erasure import personal_data_erase
from shopkeep.privacy.errors import TooManyRequests
from shopkeep.privacy.models import DataExport, ErasureRequest, GuestAccess
from shopkeep.privacy.registry import REGISTRY, Declaration
from shopkeep.privacy.services import audit_record
from shopkeep.privacy.subjects import (
    ERASURE_STEPS,
    Subject,
    correction_url,
    subject_for_email,
    subject_refs,
    subject_rows,
)

logger = logging.getLogger(__name__)

EXPORT_SCHEMA = "shopkeep-export/1"
EXPORT_SALT = "shopkeep.privacy.export-download"
CANCEL_SALT = "shopkeep.privacy.erasure-cancel"
GUEST_SALT = "shopkeep.privacy.guest-link"
# Secrets the person cannot use and that would only help whoever steals the file: the password hash and
# the payment gateway's token. Their existence is stated in the export; their values are not copied.
SECRET_CATEGORIES = frozenset({"user.authorization.credentials", "user.payment"})

MAILERS: list[Callable[..., object]] = []


def rights_mailer_register(mailer: Callable[..., object]) -> None:
    """Register how this module sends email: `mailer(to=, subject=, template=, context=, subject_ref=)`."""
    MAILERS.append(mailer)


def _mail(**kwargs) -> None:
    if not MAILERS:
        raise RuntimeError("No mailer is registered for privacy requests (the mailing app registers one).")
    MAILERS[-1](**kwargs)


# --- what is held: the data map applied to one person ---------------------------------------------

def export_fields(declaration: Declaration) -> list[str]:
    """The fields of `declaration` a person's copy holds: every declared field about them, secrets left out."""
    declared = set(declaration.non_personal) | {
        name for name, spec in declaration.personal.items()
        if spec.about == "customer" and spec.category not in SECRET_CATEGORIES
    }
    return [field.name for field in declaration.model._meta.concrete_fields if field.name in declared]


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


def _row(instance: models.Model, names: list[str]) -> dict:
    meta = instance._meta
    return {name: _plain(getattr(instance, meta.get_field(name).attname)) for name in names}


def subject_data(subject: Subject) -> dict:
    """Everything the shop holds about `subject`, decrypted, grouped by record type (the export's data.json)."""
    records = []
    for declaration, rows in subject_rows(subject):
        names = export_fields(declaration)
        secret = sorted(name for name, spec in declaration.personal.items() if spec.category in SECRET_CATEGORIES)
        records.append({
            "type": declaration.label,
            "description": declaration.description,
            "fields": names,
            "withheld": secret,
            "rows": [_row(instance, names) for instance in rows],
        })
    return {"schema": EXPORT_SCHEMA, "generated_at": timezone.now().isoformat(), "email": subject.email,
            "records": records}


# --- export (P-32) --------------------------------------------------------------------------------

def exports_dir() -> Path:
    path = conf.data_dir / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_request(*, subject: Subject) -> DataExport:
    """Queue a copy of the person's data; return the export the page follows."""
    from shopkeep.privacy.tasks import data_export_build_task

    export = DataExport.objects.create(user_id=subject.user_id, email=subject.email,
                                       secret=secrets.token_urlsafe(32))
    transaction.on_commit(lambda: data_export_build_task.enqueue(export.pk))
    return export


def export_build(*, export: DataExport) -> DataExport:
    """Build the ZIP (data.json and data.html) of one export, recording progress as it goes."""
    export.status, export.progress = DataExport.Status.BUILDING, 10
    export.save(update_fields=["status", "progress"])
    data = subject_data(Subject(email=export.email, user_id=export.user_id))
    export.progress = 60
    export.save(update_fields=["progress"])
    name = f"{secrets.token_hex(16)}.zip"
    html = render_to_string("privacy/export.html", {"data": data, "shop_name": conf.shop_name})
    with zipfile.ZipFile(exports_dir() / name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("data.html", html)
    export.status, export.progress, export.file_name, export.ready_at = (
        DataExport.Status.READY, 100, name, timezone.now())
    export.save(update_fields=["status", "progress", "file_name", "ready_at"])
    return export


def export_token(export: DataExport) -> str:
    return signing.dumps({"e": export.pk, "s": export.secret}, salt=EXPORT_SALT, compress=True)


def export_download_url(export: DataExport) -> str:
    return reverse("privacy:export_download", args=[export_token(export)])


def export_from_token(token: str, *, now: dt.datetime | None = None) -> DataExport | None:
    """The ready export a download link names, while the link works (SHOPKEEP_EXPORT_LINK_DAYS); else None."""
    try:
        payload = signing.loads(token, salt=EXPORT_SALT)
    except signing.BadSignature:
        return None
    export = DataExport.objects.filter(pk=payload.get("e"), secret=payload.get("s"),
                                       status=DataExport.Status.READY).first()
    now = now or timezone.now()
    if export is None or export.ready_at is None or now - export.ready_at > timedelta(days=conf.export_link_days):
        return None
    return export


def export_path(export: DataExport) -> Path | None:
    path = exports_dir() / export.file_name if export.file_name else None
    return path if path and path.is_file() else None


def exports_expire(rows: models.QuerySet) -> int:
    """Delete the files of these exports and mark them expired (the retention job of `data_export`)."""
    count = 0
    for export in rows:
        if export.file_name:
            (exports_dir() / export.file_name).unlink(missing_ok=True)
        export.status, export.file_name = DataExport.Status.EXPIRED, ""
        export.save(update_fields=["status", "file_name"])
        count += 1
    return count


# --- erasure (P-33) -------------------------------------------------------------------------------

def erasure_pending(*, subject: Subject) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(email_index=subject.email_index, status=ErasureRequest.Status.PENDING).first()


def erasure_cancel_token(request: ErasureRequest) -> str:
    return signing.dumps(request.pk, salt=CANCEL_SALT)


def erasure_request(*, subject: Subject, source: str, now: dt.datetime | None = None) -> ErasureRequest:
    """Schedule the erasure of everything about `subject` after the grace period; email a link that cancels it."""
    now = now or timezone.now()
    existing = erasure_pending(subject=subject)
    if existing is not None:
        return existing
    request = ErasureRequest.objects.create(
        user_id=subject.user_id, email=subject.email, email_index=subject.email_index, source=source,
        requested_at=now, due_at=now + timedelta(days=conf.erasure_grace_days),
    )
    cancel_url = conf.absolute_url(reverse("privacy:erasure_cancel", args=[erasure_cancel_token(request)]))
    _mail(to=subject.email, subject=f"Your request to erase your data at {conf.shop_name}",
          template="privacy/email/erasure_requested",
          context={"due_at": request.due_at, "cancel_url": cancel_url, "grace_days": conf.erasure_grace_days},
          subject_ref="")
    return request


def erasure_from_cancel_token(token: str) -> ErasureRequest | None:
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return ErasureRequest.objects.filter(pk=pk).first()


def erasure_cancel(*, request: ErasureRequest) -> bool:
    """Cancel a pending erasure (grace period still running); False once it has started or ended."""
    return bool(ErasureRequest.objects.filter(pk=request.pk, status=ErasureRequest.Status.PENDING)
                .update(status=ErasureRequest.Status.CANCELLED, finished_at=timezone.now(), email=""))


def _erasure_plan(subject: Subject) -> dict[str, list[int]]:
    return {declaration.label: list(rows.values_list("pk", flat=True)) for declaration, rows in subject_rows(subject)}


def erasure_run(*, request: ErasureRequest) -> ErasureRequest:
    """Erase everything about the person of `request`. Idempotent: a rerun after an interruption finishes it.

    The rows to erase are written down before the first is touched, so rows that an interrupted run
    already unlinked from the person (an order whose customer was blanked) are still finished.
    """
    if request.status == ErasureRequest.Status.DONE:
        return request
    subject = Subject(email=request.email, user_id=request.user_id)
    plan = {label: set(ids) for label, ids in (request.plan or {}).items()}
    for label, ids in _erasure_plan(subject).items():
        plan.setdefault(label, set()).update(ids)
    request.plan = {label: sorted(ids) for label, ids in plan.items()}
    request.status = ErasureRequest.Status.RUNNING
    request.save(update_fields=["plan", "status"])
    exports_expire(DataExport.objects.filter(pk__in=plan.get(DataExport._meta.label, ())))
    for label, ids in request.plan.items():
        model = apps.get_model(label)
        for instance in model.objects.filter(pk__in=ids).order_by("pk"):
            with transaction.atomic():
                personal_data_erase(instance, REGISTRY[model], about={"customer"})
    for name, step in ERASURE_STEPS:
        step(subject)
    request.status, request.finished_at, request.email, request.plan = (
        ErasureRequest.Status.DONE, timezone.now(), "", {})
    request.save(update_fields=["status", "finished_at", "email", "plan"])
    logger.info("Erasure %s carried out", request.pk)
    return request


def erasures_due(*, now: dt.datetime | None = None) -> list[ErasureRequest]:
    """Carry out every erasure whose grace period has ended, and finish any that was interrupted."""
    now = now or timezone.now()
    due = ErasureRequest.objects.filter(
        models.Q(status=ErasureRequest.Status.PENDING, due_at__lte=now) | models.Q(status=ErasureRequest.Status.RUNNING)
    ).order_by("due_at", "pk")
    return [erasure_run(request=request) for request in due]


# --- guests: proof of control of an email address (P-34) ------------------------------------------

def _count_within_hour(key: str) -> int:
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return 1


def guest_link_request(*, email: str, ip: str | None = None, now: dt.datetime | None = None) -> None:
    """Mail a signed, single-use, time-limited link to `email`; the same for any address, known or not.

    Raises TooManyRequests past SHOPKEEP_PRIVACY_REQUESTS_PER_HOUR from one IP or to one address (the
    same for a known and an unknown address), so the form cannot be used to flood someone's mailbox.
    """
    email = email.strip().lower()
    limit = conf.privacy_requests_per_hour
    keys = [f"privacy-requests:to:{blind_index(email)}"] + ([f"privacy-requests:ip:{blind_index(ip)}"] if ip else [])
    if max(_count_within_hour(key) for key in keys) > limit:
        raise TooManyRequests()
    access = GuestAccess.objects.create(email=email, email_index=blind_index(email),
                                        nonce=secrets.token_urlsafe(24), created_at=now or timezone.now())
    token = signing.dumps({"n": access.nonce}, salt=GUEST_SALT)
    _mail(to=email, subject=f"Your link to see your data at {conf.shop_name}",
          template="privacy/email/guest_link",
          context={"link": conf.absolute_url(reverse("privacy:guest_open", args=[token])),
                   "minutes": conf.privacy_link_minutes},
          subject_ref="")


def guest_link_open(*, token: str, now: dt.datetime | None = None) -> str | None:
    """Spend the emailed link once: return the secret of the short page session it opens, or None."""
    now = now or timezone.now()
    try:
        nonce = signing.loads(token, salt=GUEST_SALT, max_age=timedelta(minutes=conf.privacy_link_minutes))["n"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    session = secrets.token_urlsafe(32)
    opened = GuestAccess.objects.filter(nonce=nonce, used_at__isnull=True,
                                        created_at__gte=now - timedelta(minutes=conf.privacy_link_minutes))
    return session if opened.update(used_at=now, session=session) == 1 else None


def guest_session_subject(*, session: str, now: dt.datetime | None = None) -> Subject | None:
    """The person whose opened link started `session`, while it lasts; else None."""
    now = now or timezone.now()
    if not session:
        return None
    access = GuestAccess.objects.filter(
        session=session, used_at__gte=now - timedelta(minutes=conf.privacy_link_minutes)).first()
    return subject_for_email(access.email) if access and access.email else None


# --- what the privacy center shows: the same rows, labelled for people ------------------------------

def _shown(value) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%-d %B %Y %H:%M") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def subject_sections(subject: Subject, *, corrections: bool = False) -> list[dict]:
    """Every record type held about `subject` as a titled table (labels from the models), for the pages."""
    sections = []
    for declaration, rows in subject_rows(subject):
        names = export_fields(declaration)
        meta = declaration.model._meta
        labels = [str(meta.get_field(name).verbose_name).capitalize() for name in names]
        shown_rows = []
        for instance in rows:
            values = []
            for name in names:
                field = meta.get_field(name)
                value = getattr(instance, field.attname)
                display = getattr(instance, f"get_{name}_display", None)
                values.append(_shown(display() if display and field.choices else value))
            shown_rows.append({"cells": list(zip(labels, values)),
                               "edit_url": correction_url(instance) if corrections else None})
        sections.append({"type": declaration.label, "title": declaration.description[:1].upper()
                         + declaration.description[1:], "rows": shown_rows,
                         "correctable": any(row["edit_url"] for row in shown_rows)})
    return sections


def exports_for(*, subject: Subject, limit: int = 3) -> list[dict]:
    """The person's latest exports with their state and, when ready, the download link."""
    found = DataExport.objects.filter(email_index=subject.email_index)
    if subject.user_id is not None:
        found = DataExport.objects.filter(models.Q(email_index=subject.email_index) | models.Q(user_id=subject.user_id))
    result = []
    for export in found.order_by("-created_at", "-id")[:limit]:
        ready = export.status == DataExport.Status.READY and export_path(export) is not None
        result.append({"export": export, "url": export_download_url(export) if ready else "",
                       "expires_at": export.ready_at + timedelta(days=conf.export_link_days) if ready else None})
    return result


def erasure_request_for_owner(*, staff, email: str, reason: str) -> ErasureRequest:
    """The owner asks, for a person who asked them directly, to erase that person; the access is audited.

    The same grace period applies and the person is emailed the link that cancels it, so a request made in
    someone else's name can still be stopped by the owner of the address.
    """
    subject = subject_for_email(email)
    refs = sorted(subject_refs(subject))
    reference = next((ref for ref in refs if ref.startswith("C")), refs[0] if refs else "no-records")
    request = erasure_request(subject=subject, source="owner")
    audit_record(staff=staff, role="owner", subject_ref=reference[:32], fields=["erasure of all personal data"],
                 action="change", reason=reason)
    return request
