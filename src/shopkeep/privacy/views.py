"""The generated privacy pages: policy, cookie notice, change log, promise index."""

from django.core.cache import cache
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from shopkeep.conf import conf
from shopkeep.csrf import same_origin_required
from shopkeep.http import cacheable_page, client_ip
from shopkeep.privacy import rights
from shopkeep.privacy.cookies import COOKIES
from shopkeep.privacy.errors import TooManyRequests
from shopkeep.privacy.forms import ConfirmEraseForm, PrivacyRequestForm
from shopkeep.privacy.models import ErasureRequest, PolicyVersion
from shopkeep.privacy.policy import policy_document, policy_versioned, render_context
from shopkeep.privacy.promises import CLAUSES, PROMISES, clause_text, promise_clause_tests, promise_status, promise_tests
from shopkeep.privacy.publishing import policy_current_version
from shopkeep.shop.services import identity_current

POLICY_CACHE_SECONDS = 3600


def _policy_cached() -> dict:
    """The generated policy, cached per published version and shop identity (each change is a new row)."""
    published = policy_current_version()
    key = f"privacy:policy:{published.pk if published else 0}:{identity_current().pk}"
    document = cache.get(key)
    if document is None:
        document = policy_document()
        cache.set(key, document, POLICY_CACHE_SECONDS)
    return document


@cacheable_page
@require_safe
def policy(request):
    return render(request, "privacy/policy.html", render_context(policy_versioned(_policy_cached())))


@cacheable_page
@require_safe
def cookies(request):
    return render(request, "privacy/cookies.html", {"cookies": COOKIES.values()})


@cacheable_page
@require_safe
def changes(request):
    return render(request, "privacy/changes.html", {"versions": PolicyVersion.objects.defer("content")})


@cacheable_page
@require_safe
def promises(request):
    tests, clause_tests = promise_tests(), promise_clause_tests()
    rows = []
    for pid, text in PROMISES.items():
        status = promise_status(pid)
        table = CLAUSES.get(pid, {})
        rows.append({
            "id": pid, "text": text, "status": status["status"],
            "clauses": [{"text": clause_text(pid, c), "proven": c in status["proven"], "tests": clause_tests.get(pid, {}).get(c, [])}
                        for c in table],
            "tests": tests.get(pid, []),
        })
    return render(request, "privacy/promises.html", {"rows": rows})


# --- a person's rights: guests' requests by email (P-34), downloads (P-32), cancelling an erasure (P-33) ---

@never_cache
@same_origin_required
@require_http_methods(["GET", "HEAD", "POST"])
def guest_request(request):
    """Anyone enters an email; a single-use link goes to it. The answer never says whether it is known."""
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rights.guest_link_request(email=form.cleaned_data["email"], ip=client_ip(request))
        except TooManyRequests as refused:
            form.add_error(None, refused.message)
        else:
            return redirect("privacy:guest_sent")
    return render(request, "privacy/guest_request.html", {"form": form})


@never_cache
@require_safe
def guest_sent(request):
    return render(request, "privacy/guest_sent.html", {"minutes": conf.privacy_link_minutes})


@never_cache
@require_safe
def guest_open(request, token: str):
    """Spend the emailed link (once) and open the person's page for a short while."""
    session = rights.guest_link_open(token=token)
    if session is None:
        return render(request, "privacy/guest_invalid.html", {"minutes": conf.privacy_link_minutes}, status=400)
    return redirect("privacy:guest_data", session=session)


@never_cache
@same_origin_required
@require_http_methods(["GET", "HEAD", "POST"])
def guest_data(request, session: str):
    """What the shop holds about the email of an opened link, with a copy to take and an erasure to ask for."""
    subject = rights.guest_session_subject(session=session)
    if subject is None:
        return render(request, "privacy/guest_invalid.html", {"minutes": conf.privacy_link_minutes}, status=400)
    erase_form = ConfirmEraseForm(request.POST if request.POST.get("action") == "erase" else None)
    if request.method == "POST":
        if request.POST.get("action") == "export":
            rights.export_request(subject=subject)
            return redirect("privacy:guest_data", session=session)
        if request.POST.get("action") == "erase" and erase_form.is_valid():
            rights.erasure_request(subject=subject, source="guest")
            return redirect("privacy:guest_data", session=session)
    return render(request, "privacy/guest_data.html", {
        "session": session,
        "email": subject.email,
        "sections": rights.subject_sections(subject),
        "exports": rights.exports_for(subject=subject),
        "erasure": rights.erasure_pending(subject=subject),
        "erase_form": erase_form,
        "export_days": conf.export_link_days,
        "grace_days": conf.erasure_grace_days,
    })


@never_cache
@require_safe
def export_download(request, token: str):
    """The ZIP of one export, through its signed link; an account's export only for that account."""
    export = rights.export_from_token(token)
    if export is None:
        return render(request, "privacy/export_gone.html", {"days": conf.export_link_days}, status=404)
    if export.user_id is not None and request.user.pk != export.user_id:
        return render(request, "privacy/export_gone.html", {"days": conf.export_link_days, "login": True},
                      status=403)
    path = rights.export_path(export)
    if path is None:
        return render(request, "privacy/export_gone.html", {"days": conf.export_link_days}, status=404)
    return FileResponse(path.open("rb"), as_attachment=True, filename="your-data.zip",
                        content_type="application/zip")


@never_cache
@same_origin_required
@require_http_methods(["GET", "HEAD", "POST"])
def erasure_cancel(request, token: str):
    """Cancel a pending erasure through the link in its email (asks first: a GET changes nothing)."""
    erasure = rights.erasure_from_cancel_token(token)
    if erasure is None:
        return render(request, "privacy/erasure_cancel.html", {"state": "invalid"}, status=400)
    if request.method == "POST":
        cancelled = rights.erasure_cancel(request=erasure)
        return render(request, "privacy/erasure_cancel.html", {"state": "cancelled" if cancelled else "too_late"})
    state = "ask" if erasure.status == ErasureRequest.Status.PENDING else (
        "cancelled" if erasure.status == ErasureRequest.Status.CANCELLED else "too_late")
    return render(request, "privacy/erasure_cancel.html", {"state": state, "erasure": erasure})
