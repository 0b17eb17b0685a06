"""The staff privacy practices (P-39): every staff member reads and acknowledges the current version; the
owner writes the staff section, publishes new versions and sees who acknowledged which."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shopkeep.privacy.practices import (practices_acknowledge_current, practices_acknowledgement_due,
                                        practices_current, practices_overview, practices_publish)
from shopkeep.privacy.roles import Role, role_required
from shopkeep.shop.markdown import markdown_to_html


class PracticesForm(forms.Form):
    staff_section = forms.CharField(label="Staff section (Markdown)", widget=forms.Textarea(attrs={"rows": 14}),
                                    max_length=20000)
    confirm = forms.BooleanField(label="Publish a new version: every staff member must acknowledge it again")


def _next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return "/backoffice/"


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*Role.values)
def practices(request):
    """Read the current practices and acknowledge them."""
    current = practices_current()
    if request.method == "POST" and request.POST.get("acknowledge") == "yes":
        practices_acknowledge_current(user=request.user)
        messages.success(request, f"Thank you: you acknowledged version {current.version} of the practices.")
        return redirect(_next(request))
    return render(request, "backoffice/practices.html", {
        "current": current, "staff_html": markdown_to_html(current.staff_section), "policy_html": markdown_to_html(current.policy_markdown),
        "due": practices_acknowledgement_due(user=request.user), "next": _next(request),
    })


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def practices_publish_view(request):
    """The owner: publish a new version (generated policy + staff section) and see who acknowledged what."""
    current = practices_current()
    form = PracticesForm(request.POST or None, initial={"staff_section": current.staff_section})
    if request.method == "POST" and form.is_valid():
        version = practices_publish(staff_section=form.cleaned_data["staff_section"], by=request.user)
        messages.success(request, f"Version {version.version} published: every staff member acknowledges it next.")
        return redirect("backoffice:practices_publish")
    return render(request, "backoffice/practices_publish.html", {
        "form": form, "current": current, "rows": practices_overview(),
    }, status=400 if form.errors else 200)
