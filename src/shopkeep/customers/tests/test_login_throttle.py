"""Login throttling (P-16): the sixth wrong password is refused even when the next one is right; the lock ends
after the period; an attacker elsewhere cannot lock a customer out; the answer never reveals an account."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache

from shopkeep.customers.tests.factories import PASSWORD, customer_create
from shopkeep.privacy.models import SecurityEvent

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def _login(client, password, *, email="ada@example.com", ip="203.0.113.7"):
    return client.post("/account/login/", {"username": email, "password": password}, REMOTE_ADDR=ip, **SAME_ORIGIN)


@pytest.mark.promise("P-16", clause="rate limit")
def test_five_wrong_passwords_lock_the_login_even_for_the_right_one_then_it_unlocks(client, monkeypatch):
    # given
    customer = customer_create(email="ada@example.com")

    # when: five wrong passwords in a minute (the fifth answer already says the login is locked)
    answers = [_login(client, "not the password at all").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    # then: the sixth attempt, with the right password, is refused with a clear message
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "Wait 15 minutes" in response.content.decode()
    assert SESSION_KEY not in client.session
    # and the lockout is in the security event log, by customer number and network only
    lockouts = list(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKOUT))
    assert lockouts
    assert {(event.account_ref, event.network) for event in lockouts} == {(customer.customer_number, "203.0.113.0")}
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_FAILED).count() >= 5

    # when: the lockout period (15 minutes) has passed: the counts live in the cache and expire with it
    import django.core.cache.backends.locmem as locmem

    real_time = locmem.time.time
    monkeypatch.setattr(locmem.time, "time", lambda: real_time() + 14 * 60)
    assert _login(client, PASSWORD).status_code == 429
    monkeypatch.setattr(locmem.time, "time", lambda: real_time() + 16 * 60)
    response = _login(client, PASSWORD)

    # then
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(customer.pk)


@pytest.mark.promise("P-16", clause="rate limit")
def test_an_attacker_elsewhere_cannot_lock_the_customer_out(client):
    # given: an attacker fails ten times from another network
    customer = customer_create(email="ada@example.com")
    for _ in range(10):
        _login(client, "guessing away", ip="198.51.100.9")
    assert _login(client, PASSWORD, ip="198.51.100.9").status_code == 429

    # when: the customer logs in from home
    response = _login(client, PASSWORD, ip="203.0.113.7")

    # then
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(customer.pk)


@pytest.mark.promise("P-16")
def test_the_lockout_answer_is_the_same_whether_or_not_the_account_exists(client):
    customer_create(email="ada@example.com")
    answers = []
    for email in ("ada@example.com", "nobody@example.com"):
        for _ in range(5):
            _login(client, "wrong wrong wrong", email=email)
        response = _login(client, "wrong wrong wrong", email=email)
        answers.append((response.status_code, response.content.decode().replace(email, "")))
    assert answers[0][0] == answers[1][0] == 429
    assert answers[0][1].count("Too many failed attempts") == answers[1][1].count("Too many failed attempts") == 1


def test_failed_logins_are_logged_without_email_or_full_address(client):
    customer = customer_create(email="ada@example.com")
    _login(client, "a wrong password here")
    event = SecurityEvent.objects.get()
    assert (event.kind, event.account_ref, event.network) == ("login_failed", customer.customer_number, "203.0.113.0")
    stored = [getattr(event, field.attname) for field in SecurityEvent._meta.concrete_fields]
    assert not [value for value in stored if "ada" in str(value)]  # the field values: an object's repr may hold "ada"
    assert cache is not None
