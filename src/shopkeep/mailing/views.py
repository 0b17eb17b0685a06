"""Newsletter sign-up (double opt-in), one-click unsubscribe and the inbound-email webhook."""

import hmac
import json

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from shopkeep.conf import conf
from shopkeep.csrf import same_origin_required
from shopkeep.mailing import services
from shopkeep.mailing.forms import NewsletterForm
from shopkeep.mailing.models import Subscription
from shopkeep.throttle import throttled

INBOUND_MAX_BYTES = 25 * 1024 * 1024


@same_origin_required
@throttled("newsletter")
def newsletter(request):
    """The newsletter form: a valid address gets a confirmation email, nothing more (P-25)."""
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.newsletter_subscribe_request(email=form.cleaned_data["email"], source=Subscription.Source.FORM)
        return render(request, "mailing/pages/newsletter_sent.html")
    return render(request, "mailing/pages/newsletter.html", {"form": form}, status=400 if form.errors else 200)


@same_origin_required
def newsletter_confirm(request, token: str):
    """GET shows a button (link scanners never subscribe anyone); POST confirms."""
    if request.method == "POST":
        subscription = services.newsletter_confirm(token=token)
        if subscription is None:
            return render(request, "mailing/pages/newsletter_confirm.html", {"invalid": True}, status=400)
        return render(request, "mailing/pages/newsletter_confirm.html", {"confirmed": True})
    if services.newsletter_confirm_token_valid(token=token):
        return render(request, "mailing/pages/newsletter_confirm.html", {"token": token})
    return render(request, "mailing/pages/newsletter_confirm.html", {"invalid": True}, status=400)


@csrf_exempt
def unsubscribe(request, token: str):
    """RFC 8058 one-click: a POST unsubscribes with no cookie, CSRF token or login; GET asks first."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if services.unsubscribe_index_from_token(token) is None:
        return render(request, "mailing/pages/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.unsubscribe_by_token(token=token)
        return render(request, "mailing/pages/unsubscribe.html", {"done": True})
    return render(request, "mailing/pages/unsubscribe.html", {"token": token})


@csrf_exempt
def inbound_email(request):
    """Webhook for an inbound-mail provider: the raw RFC 5322 message as the body, authenticated by a
    shared secret in the X-Shopkeep-Inbound-Secret header (P-28)."""
    from shopkeep.mailing.inbound import inbound_message_process

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    secret = conf.inbound_email_secret
    given = request.headers.get("X-Shopkeep-Inbound-Secret", "")
    if not secret or not hmac.compare_digest(secret.encode(), given.encode()):
        return JsonResponse({"error": "missing or wrong X-Shopkeep-Inbound-Secret header"}, status=403)
    if len(request.body) > INBOUND_MAX_BYTES:
        return JsonResponse({"error": "message too large"}, status=413)
    result = inbound_message_process(request.body)
    status = 422 if result.outcome == "skipped" else 200
    return HttpResponse(json.dumps({"outcome": result.outcome, "detail": result.detail}), status=status,
                        content_type="application/json")
