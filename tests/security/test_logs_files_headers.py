"""Logs hide secret links, data files are private, personal pages are never cached, headers say no more
than needed."""

import logging
import os
import stat

import pytest
from django.urls import reverse

from shopkeep.analytics.tests.test_access_log import access_line, environ
from shopkeep.customers.tests.factories import customer_create
from shopkeep.redaction import RedactingFilter
from shopkeep.testing.staff import staff_login

SECRET_PATHS = [
    "/account/password-reset/MTI/cz4k1x-0c6f4b1a8d2e9f7a6b5c4d3e2f1a0b9c/",
    "/checkout/order/eyJvIjoiU0stN1EyTTlYSzQifQ:1vBxyz:abcDEFghiJKL/",
    "/orders/return/eyJvIjo0Mn0:1vBxyz:Qwerty123456",
    "/u/c3Vic2NyaWJlcjo0Mg:1vBxyz:unsubSIGNATURE",
    "/newsletter/confirm/bmV3czo0Mg:1vBxyz:confirmSIG/",
    "/api/v1/carts/Zx9cartTOKENabcdef123/lines/4",
    "/sandbox-gateway/pay/c2Vzc2lvbg:1vBxyz:paySIG/",
]


@pytest.mark.parametrize("path", SECRET_PATHS)
def test_the_access_log_replaces_secret_path_segments(tmp_path, path):
    line = access_line(tmp_path, environ(RAW_URI=path, PATH_INFO=path, QUERY_STRING=""))
    assert "[secret]" in line
    for part in path.strip("/").split("/")[2:]:
        if len(part) > 8:
            assert part not in line, part


@pytest.mark.django_db
def test_django_request_warnings_are_redacted_the_same_way(client, caplog):
    # given: a reset link that is not valid (Django logs "Bad Request: <path>")
    path = SECRET_PATHS[0]
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(path)
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "Django logs the refused reset link"
    for record in records:
        RedactingFilter().filter(record)
        assert "cz4k1x-0c6f4b1a8d2e9f7a6b5c4d3e2f1a0b9c" not in record.getMessage()
        assert "/account/password-reset/[secret]/[secret]/" in record.getMessage()


def test_files_and_directories_are_created_private(tmp_path):
    # the settings set the process umask: new files 0600, new directories 0700
    path = tmp_path / "made-now.txt"
    path.write_text("x")
    folder = tmp_path / "folder"
    folder.mkdir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert os.umask(0o077) == 0o077


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/account/", "/account/addresses/", "/orders/"])
def test_pages_with_personal_data_are_never_stored_by_a_cache(client, path):
    client.force_login(customer_create(email="ada@example.com"))
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_back_office_pages_are_never_stored_and_headers_are_strict(client):
    staff_login(client, "customer_service")
    response = client.get(reverse("backoffice:fraud_list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert "base-uri 'none'" in response["Content-Security-Policy"]
    assert "Server" not in response


def test_gunicorn_sends_no_server_banner():
    from gunicorn.http import wsgi

    from shopkeep import gunicorn_conf

    class Request:
        version = (1, 1)

    class Answer(gunicorn_conf._Response):
        def __init__(self):  # only what default_headers reads
            self.req, self.upgrade, self.chunked, self.status, self.version = Request(), False, False, "200 OK", "x"

        def should_close(self):
            return False

    assert wsgi.Response is gunicorn_conf._Response
    lines = Answer().default_headers()
    assert lines[0] == "HTTP/1.1 200 OK\r\n"
    assert not any(line.startswith("Server") for line in lines)
