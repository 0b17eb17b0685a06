"""Back-office screens for the shop's settings: identity, page texts and product documents (owner only)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shopkeep.privacy.roles import Role, role_required
from shopkeep.backoffice.shop_forms import DocumentForm, ErasureOnRequestForm, IdentityForm, PageForm
from shopkeep.catalog.documents import product_document_add, product_document_delete
from shopkeep.catalog.errors import DocumentRefused
from shopkeep.catalog.models import ProductDocument
from shopkeep.conf import conf
from shopkeep.privacy.models import ErasureRequest
from shopkeep.privacy.rights import erasure_request_for_owner
from shopkeep.shop.models import ShopPage
from shopkeep.shop.services import (
    IDENTITY_FIELDS, identity_current, identity_demo_fields, identity_history, identity_update, page_body, page_history,
    page_update,
)

PAGE_URLS = {"contact": "pages:contact", "terms": "pages:terms", "shipping-returns": "pages:shipping_returns",
             "withdrawal": "pages:withdrawal"}


@require_GET
@role_required(Role.OWNER)
def settings_home(request):
    identity = identity_current()
    pages = [{"key": key, "label": label, "url": PAGE_URLS[key], "history": page_history(key=key, limit=1)}
             for key, label in ShopPage.Key.choices]
    return render(request, "backoffice/shop/home.html", {
        "identity": identity, "demo_fields": identity_demo_fields(identity), "pages": pages,
        "document_count": ProductDocument.objects.count(),
    })


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def identity_edit(request):
    current = identity_current()
    form = IdentityForm(request.POST or None, initial={name: getattr(current, name) for name in IDENTITY_FIELDS})
    if request.method == "POST" and form.is_valid():
        identity_update(changed_by=request.user, values={name: form.cleaned_data[name] for name in IDENTITY_FIELDS})
        messages.success(request, "The shop's identity is saved; the pages, policy and emails use it from now on.")
        return redirect("backoffice_shop:identity")
    return render(request, "backoffice/shop/identity.html", {"form": form, "history": identity_history(limit=20)})


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def page_edit(request, key: str):
    if key not in ShopPage.Key.values:
        raise Http404("There is no such shop page.")
    form = PageForm(request.POST or None, initial={"body": page_body(key=key)})
    if request.method == "POST" and form.is_valid():
        page_update(key=key, body=form.cleaned_data["body"], changed_by=request.user)
        messages.success(request, f"“{ShopPage.Key(key).label}” is saved and shown in the shop.")
        return redirect("backoffice_shop:page", key=key)
    return render(request, "backoffice/shop/page.html", {
        "form": form, "key": key, "label": ShopPage.Key(key).label, "url": PAGE_URLS[key],
        "history": page_history(key=key),
    })


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def documents(request):
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = product_document_add(product=form.cleaned_data["product"], upload=form.cleaned_data["file"],
                                             title=form.cleaned_data["title"], kind=form.cleaned_data["kind"])
        except DocumentRefused as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, f"“{document.title}” is now listed on {document.product.name}.")
            return redirect("backoffice_shop:documents")
    listed = ProductDocument.objects.select_related("product").order_by("product__name", "position", "id")
    return render(request, "backoffice/shop/documents.html",
                  {"form": form, "documents": listed, "max_mb": conf.document_max_bytes // (1024 * 1024)},
                  status=400 if form.errors else 200)


@require_POST
@role_required(Role.OWNER)
def document_delete(request, pk: int):
    document = get_object_or_404(ProductDocument.objects.select_related("product"), pk=pk)
    product_document_delete(document=document)
    messages.success(request, f"“{document.title}” is removed from {document.product.name}.")
    return redirect("backoffice_shop:documents")


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def erasure(request):
    """Erase a person on their request received outside the shop (grace period and cancel link as usual)."""
    form = ErasureOnRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = erasure_request_for_owner(staff=request.user, email=form.cleaned_data["email"],
                                         reason=form.cleaned_data["reason"])
        messages.success(request, f"Erasure scheduled for {done.due_at:%-d %B %Y}. The person was emailed a link "
                                  "that cancels it until then.")
        return redirect("backoffice_shop:erasure")
    recent = ErasureRequest.objects.only("status", "source", "requested_at", "due_at", "finished_at")[:20]
    return render(request, "backoffice/shop/erasure.html", {"form": form, "recent": recent})
