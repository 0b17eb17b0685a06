"""Statistics derive the visitor's country from the client address, also behind a trusted reverse proxy."""

import pytest

from shopkeep.analytics.recorder import recorder
from shopkeep.analytics.tests.factories import UK_IP, visit

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shopkeep.analytics.tests.urls")]


@pytest.fixture(autouse=True)
def empty_buffer():
    recorder.events.clear()
    yield
    recorder.events.clear()


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "seen"),
    [(("10.0.0.0/8",), "10.0.0.5", UK_IP, UK_IP), ((), "10.0.0.5", UK_IP, "10.0.0.5")],
    ids=["trusted-proxy", "untrusted-peer"],
)
def test_the_page_view_sees_the_client_address_only_through_a_trusted_proxy(client, settings, trusted, peer,
                                                                            forwarded, seen):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = trusted

    # when
    visit(client, "/page/", ip=peer, HTTP_X_FORWARDED_FOR=forwarded)

    # then
    assert [event.ip for event in recorder.events] == [seen]
