"""Back-office screens for staff accounts: invite, change roles, deactivate (owner only, every change audited);
and the invitation link with which a new staff member sets a password."""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shopkeep.backoffice.staff_forms import InviteForm, RoleForm
from shopkeep.csrf import same_origin_required
from shopkeep.customers.models import User
from shopkeep.customers.staff_session import recent_password_required
from shopkeep.customers.staff import (
    StaffChangeRefused, invitation_user, staff_accounts, staff_active_set, staff_invite, staff_role, staff_role_set,
)
from shopkeep.privacy.access import personal_data_for_staff, personal_data_for_staff_many
from shopkeep.privacy.roles import Role, role_required


def _rows(request) -> list[dict]:
    """Every staff account with its role, and its name and email read through the audited access function."""
    accounts = staff_accounts()
    contacts = personal_data_for_staff_many(staff=request.user, queryset=accounts, fields=("email", "name"),
                                            subject_ref="staff", reason="list of staff accounts")
    return [{"account": account, "role": Role(staff_role(account)).label if staff_role(account) else "no role",
             **contact} for account, contact in zip(accounts, contacts)]


@require_GET
@role_required(Role.OWNER)
def staff_list(request):
    return render(request, "backoffice/staff/list.html", {"rows": _rows(request), "form": InviteForm()})


@require_POST
@role_required(Role.OWNER)
@recent_password_required
def staff_invite_view(request):
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            staff_invite(email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                         role=form.cleaned_data["role"], by=request.user)
        except StaffChangeRefused as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"The invitation is on its way to {form.cleaned_data['email']}; the link "
                                      "works once, to set a password.")
            return redirect("backoffice_staff:list")
    return render(request, "backoffice/staff/list.html", {"rows": _rows(request), "form": form}, status=400)


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
@recent_password_required
def staff_edit(request, pk: int):
    account = get_object_or_404(User, pk=pk, is_staff=True)
    form = RoleForm(request.POST if request.POST.get("action") == "role" else None,
                    initial={"role": staff_role(account)})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "role" and form.is_valid():
                staff_role_set(user=account, role=form.cleaned_data["role"], by=request.user)
                messages.success(request, f"{account.customer_number} is now {Role(form.cleaned_data['role']).label}.")
                return redirect("backoffice_staff:edit", pk=account.pk)
            if request.POST.get("action") in ("deactivate", "reactivate"):
                active = request.POST["action"] == "reactivate"
                staff_active_set(user=account, active=active, by=request.user)
                messages.success(request, f"{account.customer_number} is {'active again' if active else 'deactivated'}"
                                          f"{'' if active else ': the login stops working and open sessions end'}.")
                return redirect("backoffice_staff:edit", pk=account.pk)
        except StaffChangeRefused as error:
            messages.error(request, str(error))
    contact = personal_data_for_staff(staff=request.user, instance=account, subject_ref=account.customer_number,
                                      reason="staff account page")
    return render(request, "backoffice/staff/edit.html", {
        "account": account, "contact": contact, "form": form, "role": staff_role(account),
        "is_self": account.pk == request.user.pk,
    })


@never_cache
@same_origin_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, uidb64: str, token: str):
    """The invited staff member chooses a password through the signed link from the email (no login needed)."""
    user = invitation_user(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "backoffice/staff/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        return render(request, "backoffice/staff/invitation_done.html")
    return render(request, "backoffice/staff/invitation.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
