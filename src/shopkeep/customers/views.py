"""Account pages: register, log in/out, password reset, account, order history, address book.

Pages an anonymous visitor sees set no cookie (P-06): their forms carry no CSRF token and are
protected by `same_origin_required`. Pages for a logged-in customer use Django's CSRF check.
"""

from django.conf import settings
from django.db.models import Q
from django.core.exceptions import ValidationError
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from urllib.parse import quote
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shopkeep.conf import conf
from shopkeep.privacy.crypto import blind_index
from shopkeep.csrf import same_origin_required
from shopkeep.customers import second_factor as factor, selectors, services, staff_session
from shopkeep.customers.forms import (
    AddressForm,
    EmailChangeForm,
    EraseAccountForm,
    LoginForm,
    ProfileForm,
    ReauthForm,
    RegisterForm,
    SecondFactorForm,
    ShopPasswordResetForm,
    SizeProfileForm,
)
from shopkeep.customers.models import SizeProfile
from shopkeep.customers.staff import staff_home_url
from shopkeep.privacy.models import SecurityEvent
from shopkeep.privacy.security import security_event_record
from shopkeep.mailing.models import Subscription
from shopkeep.mailing.services import newsletter_subscribe_request, unsubscribe
from shopkeep.pricing.selectors import delivery_countries
from shopkeep.privacy import rights
from shopkeep.privacy.subjects import subject_for_email
from shopkeep.throttle import Throttled, throttle_hit, throttled

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
ACCOUNT_BACKEND = "shopkeep.customers.backends.EmailBackend"  # the login form passes through axes first


def _safe_next(request: HttpRequest) -> str:
    """The `next` page the request names, if it is on this site; else an empty string."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _next_url(request: HttpRequest) -> str:
    """The page to go to after logging in: a safe `next`, else a staff member's back-office home, else the account.

    The one place the landing after login is decided (staff_home_url picks the role's home).
    """
    return _safe_next(request) or staff_home_url(request.user) or reverse("customers:account")


def _cookieless_page(request: HttpRequest) -> HttpResponse:
    return render(request, "customers/cookieless.html")


def _anonymous_page(view):
    """An account page for visitors who are not logged in: no cookie, same-origin POSTs, cookieless notice."""

    @never_cache
    @same_origin_required
    @GET_POST
    def wrapped(request, *args, **kwargs):
        if conf.cookieless:
            return _cookieless_page(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_anonymous_page
@throttled("register")
def register(request: HttpRequest) -> HttpResponse:
    """Open an account with an email address and a password; the name is optional.

    The answer is "check your email" whether or not the address already has an account (the owner of a
    known address is emailed instead), so the form never tells anyone which addresses are customers.
    """
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.customer_register(
            email=form.cleaned_data["email"], password=form.cleaned_data["password"], name=form.cleaned_data["name"],
        )
        if form.cleaned_data["newsletter"]:
            # Only starts double opt-in: nothing is subscribed until the emailed link is followed (P-25).
            newsletter_subscribe_request(email=form.cleaned_data["email"], source=Subscription.Source.REGISTRATION)
        return redirect("customers:register_sent")
    return render(request, "customers/register.html", {"form": form, "next": _safe_next(request)})


@_anonymous_page
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "customers/register_sent.html")


@never_cache
@require_safe
def register_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Start the account from the emailed link and log its owner in."""
    user = services.customer_registration_confirm(token=token)
    if user is None:
        return render(request, "customers/register_invalid.html", status=400)
    login(request, user, backend=ACCOUNT_BACKEND)
    return redirect(f"{reverse('customers:account')}?welcome=1")


@_anonymous_page
def login_view(request: HttpRequest) -> HttpResponse:
    """Log in with email and password; sets only the session and CSRF cookies, both ending with the browser."""
    if request.user.is_authenticated and request.method != "POST":
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        if factor.second_factor_required(user):
            # The password alone opens nothing: the second factor comes next (set it up first if needed).
            request.session[factor.SESSION_REQUIRED] = True
            step = "customers:second_factor" if factor.second_factor_enrolled(user) else "customers:second_factor_setup"
            return redirect(f"{reverse(step)}?next={quote(_next_url(request))}")
        return redirect(_next_url(request))
    return render(request, "customers/login.html", {"form": form, "next": _safe_next(request)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out (POST only, with Django's CSRF check) and end the session."""
    logout(request)
    response = redirect("customers:logged_out")
    response.delete_cookie(settings.CSRF_COOKIE_NAME, samesite=settings.CSRF_COOKIE_SAMESITE)
    return response


@never_cache
def logged_out(request: HttpRequest) -> HttpResponse:
    return render(request, "customers/logged_out.html")


@_anonymous_page
@throttled("password_reset")
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link; the answer is the same whether or not the address has an account.

    Each client address may ask a few times an hour (429 beyond); each email address receives at most a
    few links an hour whoever asks, and past that the answer is still the same page."""
    form = ShopPasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            throttle_hit("password_reset_email", form.cleaned_data["email"].strip().lower())
        except Throttled:
            pass  # nothing is sent, and the page says nothing different
        else:
            form.save(request=request)
        return redirect("customers:password_reset_done")
    return render(request, "customers/password_reset.html", {"form": form})


@_anonymous_page
def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, "customers/password_reset_done.html")


def _user_from_reset_link(uidb64: str, token: str):
    User = get_user_model()
    try:
        user = User.objects.filter(Q(is_active=True) | Q(is_active=False, is_staff=False, last_login__isnull=True)).get(
            pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, ValidationError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


@_anonymous_page
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Choose a new password through the signed, expiring link from the email."""
    user = _user_from_reset_link(uidb64, token)
    if user is None:
        return render(request, "customers/password_reset_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if not user.is_active:  # a reset link proves the address, as the registration link would have
            user.is_active = True
            user.save(update_fields=["is_active"])
        return redirect("customers:password_reset_complete")
    return render(request, "customers/password_reset_confirm.html", {"form": form})


@_anonymous_page
def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "customers/password_reset_complete.html")


@never_cache
@login_required
@GET_POST
def account(request: HttpRequest) -> HttpResponse:
    """The customer's account: customer number, email, name (editable), links to orders and addresses."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.customer_profile_update(customer=request.user, name=form.cleaned_data["name"])
        return redirect(f"{reverse('customers:account')}?saved=1")
    return render(request, "customers/account.html", {
        "form": form, "saved": request.GET.get("saved") == "1",
        "second_factor": factor.second_factor_enrolled(request.user),
    })


@never_cache
@login_required
def addresses(request: HttpRequest) -> HttpResponse:
    """The customer's address book."""
    return render(
        request, "customers/addresses.html",
        {"addresses": selectors.customer_address_list(customer=request.user), "notice": request.GET.get("done")},
    )


@never_cache
@login_required
@GET_POST
def address_add(request: HttpRequest) -> HttpResponse:
    """Save a new address in the address book (P-09: only when the customer asks)."""
    form = AddressForm(request.POST or None, countries=delivery_countries())
    if request.method == "POST" and form.is_valid():
        services.address_save(customer=request.user, data=form.address, countries=delivery_countries())
        return redirect(f"{reverse('customers:addresses')}?done=added")
    return render(request, "customers/address_form.html", {"form": form, "address": None})


@never_cache
@login_required
@GET_POST
def address_edit(request: HttpRequest, address_id: int) -> HttpResponse:
    """Change a saved address; orders already placed keep their own copy."""
    address = selectors.customer_address_get(customer=request.user, address_id=address_id)
    if address is None:
        raise Http404("No such address in your address book.")
    form = AddressForm(request.POST or None, initial=address.as_dict(), countries=delivery_countries())
    if request.method == "POST" and form.is_valid():
        services.address_save(customer=request.user, data=form.address, address=address,
                              countries=delivery_countries())
        return redirect(f"{reverse('customers:addresses')}?done=saved")
    return render(request, "customers/address_form.html", {"form": form, "address": address})


@never_cache
@login_required
@GET_POST
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    """Ask, then remove a saved address."""
    address = selectors.customer_address_get(customer=request.user, address_id=address_id)
    if address is None:
        raise Http404("No such address in your address book.")
    if request.method == "POST":
        services.address_delete(customer=request.user, address_id=address.pk)
        return redirect(f"{reverse('customers:addresses')}?done=deleted")
    return render(request, "customers/address_delete.html", {"address": address})


def _subject(user):
    return subject_for_email(user.email)


def _newsletter_state(email: str) -> str:
    subscription = Subscription.objects.filter(email_index=blind_index(email)).first()
    return subscription.status if subscription else "none"


@never_cache
@GET_POST
def privacy_center(request: HttpRequest) -> HttpResponse:
    """Everything the shop holds about the customer, from the data map, with what they can do about it (P-31)."""
    if conf.cookieless:
        return redirect("privacy:guest_request")
    if not request.user.is_authenticated:
        return same_origin_required(lambda r: render(r, "customers/privacy_anonymous.html"))(request)
    user = request.user
    action = request.POST.get("action", "")
    erase_form = EraseAccountForm(request.POST if action == "erase" else None, user=user)
    profile = SizeProfile.objects.filter(customer=user).first()
    sizes_form = SizeProfileForm(request.POST if action == "sizes" else None, initial={
        "consent": profile is not None, "shoe_size": getattr(profile, "shoe_size", ""),
        "sock_size": getattr(profile, "sock_size", "")})
    if request.method == "POST":
        if action == "export":
            rights.export_request(subject=_subject(user))
            return redirect(f"{reverse('customers:privacy')}#export-heading")
        if action == "erase" and erase_form.is_valid():
            rights.erasure_request(subject=_subject(user), source="account")
            return redirect(f"{reverse('customers:privacy')}#erase-heading")
        if action == "sizes" and sizes_form.is_valid():
            services.size_profile_save(customer=user, **sizes_form.cleaned_data)
            return redirect(f"{reverse('customers:privacy')}?done=sizes#sizes-heading")
        if action == "newsletter_on":
            newsletter_subscribe_request(email=user.email, source=Subscription.Source.FORM)
            return redirect(f"{reverse('customers:privacy')}?done=newsletter_on")
        if action == "newsletter_off":
            unsubscribe(email=user.email)
            return redirect(f"{reverse('customers:privacy')}?done=newsletter_off")
    subject = _subject(user)
    return render(request, "customers/privacy.html", {
        "section": "privacy",
        "sections": rights.subject_sections(subject, corrections=True),
        "exports": rights.exports_for(subject=subject),
        "erasure": rights.erasure_pending(subject=subject),
        "erase_form": erase_form,
        "sizes_form": sizes_form,
        "size_profile": profile,
        "newsletter": _newsletter_state(user.email),
        "done": request.GET.get("done", ""),
        "export_days": conf.export_link_days,
        "grace_days": conf.erasure_grace_days,
    })


@never_cache
@login_required
@GET_POST
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the authenticator app (or a recovery code) after the password."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not factor.second_factor_enrolled(request.user):
        return redirect(f"{reverse('customers:second_factor_setup')}?next={quote(_next_url(request))}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            throttle_hit("second_factor", str(request.user.pk))
        except Throttled as error:
            form.add_error("code", error.message)
        else:
            if factor.second_factor_verify(request=request, user=request.user, code=form.cleaned_data["code"]):
                staff_session.second_factor_entered(request)
                return redirect(_next_url(request))
            security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR_FAILED, request=request)
            form.add_error("code", "That code is not right or has expired. Type the current 6 digits from your "
                                   "authenticator app, or one of your recovery codes.")
    return render(request, "customers/second_factor.html", {"form": form, "next": _safe_next(request)},
                  status=400 if form.errors else 200)


@never_cache
@login_required
@GET_POST
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (drawn here), type a code, then keep the recovery codes."""
    user = request.user
    if factor.second_factor_enrolled(user) and not user.is_verified():
        return redirect(f"{reverse('customers:second_factor')}?next={quote(_next_url(request))}")
    enrolment = factor.enrolment_start(user=user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = factor.enrolment_confirm(request=request, user=user, code=form.cleaned_data["code"])
        if codes is not None:
            staff_session.second_factor_entered(request)
            # Shown once, in this answer only: they are not kept anywhere readable.
            return render(request, "customers/second_factor_codes.html", {"codes": codes, "next": _next_url(request)})
        security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR_FAILED, request=request)
        form.add_error("code", "That code does not match. Check the clock of your phone and type the 6 digits the "
                               "app shows now.")
    return render(request, "customers/second_factor_setup.html", {
        "form": form, "enrolment": enrolment, "next": _safe_next(request),
        "replacing": factor.second_factor_enrolled(user),
    }, status=400 if form.errors else 200)


@never_cache
@login_required
@require_POST
def second_factor_off(request: HttpRequest) -> HttpResponse:
    """Customers may turn the second factor off again; staff cannot work without one."""
    if request.user.is_staff:
        return redirect("customers:account")
    factor.second_factor_remove(user=request.user)
    request.session.pop(factor.SESSION_REQUIRED, None)
    return redirect(f"{reverse('customers:account')}?saved=1")


REAUTH_FAILED = "That password is not right. Type the password you logged in with."


def _reauth(request: HttpRequest, *, template: str, needs_code: bool) -> HttpResponse:
    """The lock screen and the confirmation page: the password (and the code when due), then back to `next`."""
    form = ReauthForm(request.POST or None, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        try:
            throttle_hit("reauth", str(request.user.pk))
        except Throttled:
            # Someone is guessing at an open session: end it rather than let them go on.
            security_event_record(kind=SecurityEvent.Kind.REAUTH_FAILED, request=request)
            logout(request)
            return redirect("customers:login")
        password_ok = request.user.check_password(form.cleaned_data["password"])
        code_ok = not needs_code or factor.second_factor_verify(request=request, user=request.user,
                                                               code=form.cleaned_data.get("code", ""))
        if password_ok and code_ok:
            staff_session.password_entered(request)
            if needs_code:
                staff_session.second_factor_entered(request)
            return redirect(_next_url(request))
        security_event_record(kind=SecurityEvent.Kind.REAUTH_FAILED, request=request)
        form.add_error(None if password_ok else "password",
                       REAUTH_FAILED if not password_ok else "That code is not right or has expired.")
    return render(request, template, {"form": form, "next": _safe_next(request)}, status=400 if form.errors else 200)


@never_cache
@login_required
@GET_POST
def password_change(request: HttpRequest) -> HttpResponse:
    """Change the password (the current one is asked for); other sessions end, this one stays."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.customer_password_change(customer=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        return redirect(f"{reverse('customers:privacy')}?done=password")
    return render(request, "customers/password_change.html", {"form": form})


@never_cache
@login_required
@GET_POST
def locked(request: HttpRequest) -> HttpResponse:
    """The idle lock screen of a staff session (P-38)."""
    if not request.session.get(staff_session.LOCKED):
        return redirect(_next_url(request))
    return _reauth(request, template="customers/locked.html",
                   needs_code=factor.second_factor_enrolled(request.user)
                   and not staff_session.second_factor_is_recent(request))


@never_cache
@login_required
@GET_POST
def email_change(request: HttpRequest) -> HttpResponse:
    """Ask to use another email address: a link goes to the new one, a notice to the current one."""
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.customer_email_change_request(customer=request.user, new_email=form.cleaned_data["new_email"])
        return redirect(f"{reverse('customers:privacy')}?done=email_sent")
    return render(request, "customers/email_change.html", {"form": form})


@never_cache
@require_safe
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Apply a change of email from the link sent to the new address."""
    user = services.customer_email_change_confirm(token=token)
    if user is None:
        return render(request, "customers/email_change_invalid.html", status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(f"{reverse('customers:privacy')}?done=email_changed")
    return render(request, "customers/email_changed.html")


@never_cache
@login_required
@GET_POST
def confirm_password(request: HttpRequest) -> HttpResponse:
    """Type the password again before a dangerous action (refunds, staff changes)."""
    return _reauth(request, template="customers/confirm_password.html", needs_code=False)
