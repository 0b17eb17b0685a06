"""A broker outage delays email; it never turns a placed order into an error, loses a message or sends it twice."""

import json
import logging
from datetime import date, timedelta

import pytest
from django.utils import timezone

from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.orders.models import Order
from shopkeep.outbox.models import OutboxMessage
from shopkeep.outbox.relay import outbox_relay

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED_PORT_QUEUE = {name: {"URL": "redis://127.0.0.1:9/0", "SOCKET_CONNECT_TIMEOUT": 1} for name in ["mail", "default", "marketing"]}
RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["mail", "default", "marketing"]}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["mail", "default", "marketing"]}}


def post(client, path: str, body: dict):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def place_order(client) -> object:
    product_with_sizes(name="Stripy Wool Socks", slug="stripy-wool-socks", category=category_create(slug="socks"),
                       sizes={"39-42": 4}, price="12.50")
    sku = client.get("/api/v1/products", {"q": "stripy"}).json()["results"][0]["variants"][0]["sku"]
    token = client.post("/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"sku": sku, "quantity": 1})
    method = client.get("/api/v1/shipping-methods", {"country": "SE"}).json()[0]
    card = post(client, "/sandbox-gateway/tokens", {"number": "4242 4242 4242 4242", "exp_month": 12,
                                                    "exp_year": date.today().year + 3, "cvc": "737"}).json()
    return post(client, f"/api/v1/carts/{token}/checkout", {
        "email": "greta@example.com",
        "shipping_address": {"name": "Greta Garbo", "line1": "Drottninggatan 1", "city": "Stockholm",
                             "postal_code": "111 52", "country": "SE"},
        "shipping_method": method["code"], "payment_token": card["token"],
    })


def test_with_the_broker_down_checkout_succeeds_and_the_email_is_sent_exactly_once_when_it_is_back(
    client, settings, mailoutbox, caplog
):
    # given: the task queue points at a port nothing listens on
    settings.TASKS, settings.RQ_QUEUES = RQ, CLOSED_PORT_QUEUE

    # when
    with caplog.at_level(logging.WARNING, logger="shopkeep.outbox.relay"):
        placed = place_order(client)
        relay_while_down = outbox_relay()

    # then: the order is placed and the customer told so; the email waits in the outbox, with a log line
    assert placed.status_code == 201, placed.content
    order = Order.objects.get()
    assert placed.json()["number"] == order.number
    assert mailoutbox == []
    waiting = OutboxMessage.objects.get()
    assert (waiting.task, waiting.args, waiting.status) == (
        "shopkeep.orders.tasks.order_confirmation_send_task", [order.pk], "pending")
    assert "queue unavailable" in waiting.last_error
    assert relay_while_down["unavailable"] == 1
    assert "Task queue unavailable" in caplog.text

    # when: the broker is back and the relay runs (twice, as its loop would)
    settings.TASKS = IMMEDIATE
    outbox_relay()
    outbox_relay(now=timezone.now() + timedelta(hours=1))

    # then: exactly one confirmation
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [(["greta@example.com"], f"Your order {order.number}")]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"done"}


def test_a_message_handed_over_twice_runs_once(settings, mailoutbox, client):
    # given: an order whose confirmation was handed to a queue that kept it (nothing ran it yet)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["mail", "default", "marketing"]}}
    placed = place_order(client)
    message = OutboxMessage.objects.get()
    assert (placed.status_code, message.relays) == (201, 1)

    # when: the job is lost; after the stale time the relay hands it over again, and both jobs run
    settings.TASKS = IMMEDIATE
    outbox_relay(now=timezone.now() + timedelta(minutes=11))
    from shopkeep.outbox.relay import outbox_deliver

    outbox_deliver(message.pk)

    # then
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert (message.status, message.relays) == ("done", 2)


def test_the_relay_gives_up_after_five_hand_overs_and_says_so(settings, caplog):
    # given: a message whose job never completes
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["mail", "default", "marketing"]}}
    from shopkeep.orders.tasks import order_confirmation_send_task
    from shopkeep.outbox.relay import enqueue

    message = enqueue(order_confirmation_send_task, 12345)
    later = timezone.now()

    # when
    with caplog.at_level(logging.ERROR, logger="shopkeep.outbox.relay"):
        for _ in range(6):
            later += timedelta(minutes=11)
            outbox_relay(now=later)

    # then
    message.refresh_from_db()
    assert (message.status, message.relays) == ("failed", 5)
    assert "gave up on shopkeep.orders.tasks.order_confirmation_send_task" in caplog.text
