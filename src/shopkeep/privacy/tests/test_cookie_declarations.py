import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from shopkeep.privacy.cookies import COOKIES, cookie_problems
from shopkeep.privacy.middleware import CookieGuardMiddleware


def _guarded(set_cookie):
    def view(request):
        response = HttpResponse("ok")
        set_cookie(response)
        return response

    return CookieGuardMiddleware(view)


@pytest.mark.promise("P-08")
def test_a_response_setting_an_undeclared_cookie_fails(settings):
    # given the guard is on (it is in tests and in DEBUG)
    settings.SHOPKEEP_COOKIE_GUARD = True
    middleware = _guarded(lambda r: r.set_cookie("tracker", "abc"))
    # when / then
    with pytest.raises(ImproperlyConfigured, match="Cookie 'tracker' is not declared"):
        middleware(RequestFactory().get("/"))


@pytest.mark.promise("P-08")
def test_a_declared_cookie_set_for_longer_than_declared_fails(settings):
    settings.SHOPKEEP_COOKIE_GUARD = True
    middleware = _guarded(lambda r: r.set_cookie("sk_cart", "abc", max_age=3600))
    with pytest.raises(ImproperlyConfigured, match="declared as a session cookie but was set with an expiry"):
        middleware(RequestFactory().get("/"))


def test_declared_cookies_and_deletions_pass(settings):
    settings.SHOPKEEP_COOKIE_GUARD = True

    def both(response):
        response.set_cookie("sk_cart", "abc", httponly=True, samesite="Lax")
        response.delete_cookie("sk_session")

    response = _guarded(both)(RequestFactory().get("/"))
    assert response.status_code == 200
    assert cookie_problems(response) == []


def test_every_declared_cookie_is_strictly_necessary_and_holds_no_personal_data():
    assert sorted(COOKIES) == ["sk_cart", "sk_csrf", "sk_session"]
    assert all(c.necessary and c.max_age_seconds is None and "nothing about you" in c.contains for c in COOKIES.values())


@pytest.mark.django_db
@pytest.mark.promise("P-08")
def test_the_cookie_notice_lists_every_declared_cookie(client):
    response = client.get("/cookies/")
    assert response.status_code == 200
    for name, cookie in COOKIES.items():
        assert f'id="cookie-{name}"' in response.content.decode()
        assert cookie.purpose in response.content.decode()
    assert response.cookies == {}
