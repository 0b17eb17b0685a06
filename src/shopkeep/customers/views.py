"""Account pages: register, log in/out, password reset, account, order history, address book.

Pages an anonymous visitor sees set no cookie (P-06): their forms carry no CSRF token and are
protected by `same_origin_required`. Pages for a logged-in customer use Django's CSRF check.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from shopkeep.conf import conf
from shopkeep.csrf import same_origin_required
from shopkeep.customers import selectors, services
from shopkeep.customers.errors import EmailTaken
from shopkeep.customers.staff import staff_home_url
from shopkeep.customers.forms import AddressForm, LoginForm, ProfileForm, RegisterForm, ShopPasswordResetForm
from shopkeep.mailing.models import Subscription
from shopkeep.mailing.services import newsletter_subscribe_request
from shopkeep.pricing.selectors import delivery_countries

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


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
def register(request: HttpRequest) -> HttpResponse:
    """Open an account with an email address and a password; the name is optional."""
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.customer_register(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"],
                name=form.cleaned_data["name"],
            )
        except EmailTaken as error:
            form.add_error("email", error.message)
        else:
            if form.cleaned_data["newsletter"]:
                # Only starts double opt-in: nothing is subscribed until the emailed link is followed (P-25).
                newsletter_subscribe_request(email=user.email, source=Subscription.Source.REGISTRATION)
            login(request, user)
            return redirect(_next_url(request))
    return render(request, "customers/register.html", {"form": form, "next": _safe_next(request)})


@_anonymous_page
def login_view(request: HttpRequest) -> HttpResponse:
    """Log in with email and password; sets only the session and CSRF cookies, both ending with the browser."""
    if request.user.is_authenticated and request.method != "POST":
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
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
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = ShopPasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save(request=request)
        return redirect("customers:password_reset_done")
    return render(request, "customers/password_reset.html", {"form": form})


@_anonymous_page
def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, "customers/password_reset_done.html")


def _user_from_reset_link(uidb64: str, token: str):
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
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
        form.save()
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
    return render(request, "customers/account.html", {"form": form, "saved": request.GET.get("saved") == "1"})


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
