"""The help center, the contact form and a customer's own support requests (P-41)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shopkeep.conf import conf
from shopkeep.csrf import same_origin_required
from shopkeep.http import cacheable_page
from shopkeep.privacy.retention import period_text
from shopkeep.support.errors import SupportError
from shopkeep.support.forms import SupportRequestForm
from shopkeep.support.selectors import (
    help_article_get,
    help_articles_search,
    help_categories_with_articles,
    ticket_for_customer,
    tickets_for_customer,
)
from shopkeep.support.services import support_request_allow, support_request_create


@cacheable_page
@require_GET
def help_index(request):
    """All articles by category, or the results of a search (`q`)."""
    query = request.GET.get("q", "").strip()[:100]
    context = {"help_query": query}
    if query:
        context["results"] = help_articles_search(query=query)
    else:
        context["categories"] = help_categories_with_articles()
    return render(request, "support/help_index.html", context)


@cacheable_page
@require_GET
def article(request, slug: str):
    found = help_article_get(slug=slug)
    if found is None:
        raise Http404("No such help article.")
    return render(request, "support/help_article.html", {"article": found})


@same_origin_required
def contact(request):
    """The contact form: a question becomes a ticket; no account needed, nobody is subscribed to anything."""
    user = request.user if request.user.is_authenticated and not request.user.is_staff else None
    initial = {"email": user.email, "name": user.name} if user else {}
    initial["order_number"] = request.GET.get("order", "")[:20]
    form = SupportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            support_request_allow(ip=request.META.get("REMOTE_ADDR"))
            ticket = support_request_create(email=data["email"], name=data["name"], message=data["message"],
                                            order_number=data["order_number"], customer=user)
        except SupportError as error:
            for field, message in error.fields.items():
                form.add_error(field, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            return render(request, "support/contact_sent.html", {"ticket": ticket, "email": data["email"]})
    why = (f"We use what you send only to answer you, and delete it {period_text(conf.support_ticket_retention_days)} "
           "after your request is closed. Sending a question never subscribes you to anything.")
    return render(request, "support/contact.html", {"form": form, "privacy_why": why},
                  status=400 if form.errors else 200)


@require_GET
@login_required
def my_requests(request):
    """The logged-in customer's own questions and requests."""
    return render(request, "support/account_requests.html",
                  {"tickets": tickets_for_customer(customer=request.user), "section": "support",
                   "keep_for": period_text(conf.support_ticket_retention_days)})


@require_GET
@login_required
def my_request(request, reference: str):
    ticket = ticket_for_customer(customer=request.user, reference=reference)
    if ticket is None:
        raise Http404("No such request in your account.")
    return render(request, "support/account_request.html", {"ticket": ticket, "section": "support"})
