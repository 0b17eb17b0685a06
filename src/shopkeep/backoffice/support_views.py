"""Back-office pages for support requests and the help center (customer service and the owner, P-41).

The queue shows no personal data; a ticket's page reads the asker's details and every message through
personal_data_for_staff, so each opening is in the audit log.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from shopkeep.privacy.roles import Role, role_required
from shopkeep.backoffice.support_forms import ArticleForm, AssignForm, CategoryForm, NoteForm, ReplyForm
from shopkeep.mailing.errors import EmailRefused
from shopkeep.privacy.access import personal_data_for_staff
from shopkeep.support.errors import SupportError
from shopkeep.support.models import HelpArticle, HelpCategory, Ticket
from shopkeep.support.services import ticket_assign, ticket_close, ticket_note_add, ticket_reopen, ticket_reply

FILTERS = {
    "open": Q(status=Ticket.Status.OPEN),
    "answered": Q(status=Ticket.Status.ANSWERED),
    "closed": Q(status=Ticket.Status.CLOSED),
    "all": Q(),
}


@require_GET
@role_required(Role.CUSTOMER_SERVICE)
def ticket_list(request):
    show = request.GET.get("show", "open") if request.GET.get("show") in FILTERS else "open"
    tickets = Ticket.objects.filter(FILTERS[show]).select_related("order", "assigned_to")
    if request.GET.get("mine"):
        tickets = tickets.filter(assigned_to=request.user)
    counts = Ticket.objects.aggregate(**{name: Count("pk", filter=q) for name, q in FILTERS.items()})
    return render(request, "backoffice/support/list.html", {
        "tickets": tickets.order_by("created_at" if show == "open" else "-updated_at")[:200],
        "show": show, "mine": bool(request.GET.get("mine")), "counts": counts,
    })


def _ticket_context(request, ticket: Ticket) -> dict:
    reason = f"answering support request {ticket.reference}"
    asker = personal_data_for_staff(staff=request.user, instance=ticket, subject_ref=ticket.reference, reason=reason)
    thread = [(message, personal_data_for_staff(staff=request.user, instance=message, subject_ref=ticket.reference,
                                                reason=reason))
              for message in ticket.messages.select_related("author")]
    return {"ticket": ticket, "asker": asker, "thread": thread}


def _act(request, ticket: Ticket, action: str):
    """Run one posted action; return the bound form that failed, or None after success."""
    if action == "reply":
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                ticket_reply(ticket=ticket, body=form.cleaned_data["body"], by=request.user)
            except SupportError as error:
                form.add_error(None, error.message)
                return form
            except EmailRefused as refused:
                form.add_error(None, f"The reply was not sent: {refused.reason}.")
                return form
            messages.success(request, f"Reply emailed for {ticket.reference}.")
            return None
        return form
    if action == "note":
        form = NoteForm(request.POST)
        if form.is_valid():
            ticket_note_add(ticket=ticket, body=form.cleaned_data["note"], by=request.user)
            messages.success(request, "Note added.")
            return None
        return form
    if action == "assign":
        form = AssignForm(request.POST)
        if form.is_valid():
            ticket_assign(ticket=ticket, staff=form.cleaned_data["assigned_to"])
            messages.success(request, f"{ticket.reference} assigned.")
            return None
        return form
    if action == "close":
        ticket_close(ticket=ticket)
        messages.success(request, f"{ticket.reference} closed.")
    elif action == "reopen":
        ticket_reopen(ticket=ticket)
        messages.success(request, f"{ticket.reference} reopened.")
    else:
        messages.error(request, "Unknown action.")
    return None


@require_http_methods(["GET", "POST"])
@role_required(Role.CUSTOMER_SERVICE)
def ticket_detail(request, reference: str):
    ticket = get_object_or_404(Ticket.objects.select_related("order", "customer", "assigned_to"),
                               reference=reference.upper())
    forms = {"reply_form": ReplyForm(), "note_form": NoteForm(),
             "assign_form": AssignForm(initial={"assigned_to": ticket.assigned_to_id})}
    if request.method == "POST":
        action = request.POST.get("action", "")
        failed = _act(request, ticket, action)
        if failed is None:
            return redirect("backoffice_support:detail", reference=ticket.reference)
        forms[f"{action}_form"] = failed
    return render(request, "backoffice/support/detail.html", {**_ticket_context(request, ticket), **forms},
                  status=400 if request.method == "POST" else 200)


@require_GET
@role_required(Role.CUSTOMER_SERVICE)
def article_list(request):
    categories = HelpCategory.objects.annotate(article_count=Count("articles"))
    articles = HelpArticle.objects.select_related("category")
    return render(request, "backoffice/support/articles.html", {"categories": categories, "articles": articles})


@require_http_methods(["GET", "POST"])
@role_required(Role.CUSTOMER_SERVICE)
def article_edit(request, pk: int | None = None):
    article = get_object_or_404(HelpArticle, pk=pk) if pk else None
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        article = form.save()
        messages.success(request, f"“{article.title}” saved.")
        return redirect("backoffice_support:article_edit", pk=article.pk)
    return render(request, "backoffice/support/article_edit.html", {"form": form, "article": article},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.CUSTOMER_SERVICE)
def category_edit(request, pk: int | None = None):
    category = get_object_or_404(HelpCategory, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        category = form.save()
        messages.success(request, f"Category “{category.name}” saved.")
        return redirect("backoffice_support:articles")
    return render(request, "backoffice/support/category_edit.html", {"form": form, "category": category},
                  status=400 if form.errors else 200)
