"""The help center and support requests in the JSON API: same validation and rate limit as the form."""

import pytest

from shopkeep.mailing.models import Subscription
from shopkeep.orders.tests.factories import order_place
from shopkeep.support.models import Ticket
from shopkeep.support.tests.factories import article_create, category_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/support-requests"


def post(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


def test_articles_are_listed_in_order_and_searched_in_any_case(client):
    # given
    category = category_create(name="Delivery")
    article_create(title="Delivery costs", slug="delivery-costs", category=category, position=1)
    article_create(title="Returns", slug="returns", body="Send it BACK.", category=category, position=2)
    article_create(title="Draft", slug="draft", published=False)
    # when
    everything = client.get("/api/v1/help/articles").json()
    found = client.get("/api/v1/help/articles", {"q": "back"}).json()
    # then
    assert everything == [
        {"slug": "delivery-costs", "title": "Delivery costs", "category": "Delivery",
         "url": "/help/articles/delivery-costs/"},
        {"slug": "returns", "title": "Returns", "category": "Delivery", "url": "/help/articles/returns/"},
    ]
    assert [a["slug"] for a in found] == ["returns"]


def test_one_article_comes_with_its_text_and_safe_html_and_an_unknown_one_is_a_json_404(client):
    # given
    article_create(title="Sizes", slug="sizes", body="**S** fits <script>x</script>")
    # when
    article = client.get("/api/v1/help/articles/sizes").json()
    missing = client.get("/api/v1/help/articles/nope")
    # then
    assert article["body_markdown"] == "**S** fits <script>x</script>"
    assert article["body_html"] == "<p><strong>S</strong> fits &lt;script&gt;x&lt;/script&gt;</p>"
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no help article with this slug.", "errors": {}}


@pytest.mark.promise("P-41")
def test_a_support_request_is_accepted_with_a_reference_and_subscribes_nobody(client):
    # given
    order = order_place(email="ada@example.com")
    # when
    response = post(client, {"email": "ada@example.com", "message": "Where is my parcel?",
                             "order_number": order.number})
    # then
    ticket = Ticket.objects.get()
    assert response.status_code == 202
    assert response.json() == {"reference": ticket.reference,
                               "detail": "Thank you: we will answer by email to the address you gave."}
    assert (ticket.email, ticket.order) == ("ada@example.com", order)
    assert not Subscription.objects.filter(status=Subscription.Status.CONFIRMED).exists()


@pytest.mark.parametrize(("body", "errors"), [
    ({"message": "Hello there"}, {"email": "This field is required."}),
    ({"email": "nope", "message": "Hello there"}, {"email": "Enter a valid email address, like name@example.com."}),
    ({"email": "a@example.com", "message": ""}, {"message": "Write your question or request."}),
    ({"email": "a@example.com", "message": "Hello there", "newsletter": True}, {"newsletter": "Unknown field."}),
    ({"email": "a@example.com", "message": 5}, {"message": "Must be a string."}),
])
def test_invalid_requests_get_a_422_naming_the_field_and_open_nothing(client, body, errors):
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert not Ticket.objects.exists()


def test_an_order_number_of_another_email_gets_the_same_422_as_an_unknown_one(client):
    # given
    order = order_place(email="ada@example.com")
    # when
    other = post(client, {"email": "eve@example.com", "message": "Hello there", "order_number": order.number})
    unknown = post(client, {"email": "eve@example.com", "message": "Hello there", "order_number": "SK-AAAAAAA"})
    # then
    assert other.status_code == unknown.status_code == 422
    assert other.json() == unknown.json()
    assert list(other.json()["errors"]) == ["order_number"]
    assert not Ticket.objects.exists()


def test_more_than_five_requests_an_hour_from_one_address_get_429_with_a_reason(client):
    # given five requests from one address
    body = {"email": "a@example.com", "message": "Hello there"}
    assert [post(client, body).status_code for _ in range(5)] == [202] * 5
    # when
    refused = post(client, body)
    other_address = post(client, body, REMOTE_ADDR="198.51.100.7")
    # then
    assert refused.status_code == 429
    assert "Please wait an hour before sending another one" in refused.json()["detail"]
    assert other_address.status_code == 202
    assert Ticket.objects.count() == 6
