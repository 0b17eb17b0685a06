"""Plain factory functions for subscriptions and test emails."""

from django.utils import timezone

from shopkeep.mailing.models import Subscription


def subscriber_create(*, email: str = "sub@example.com", source: str = "form") -> Subscription:
    """A subscription already confirmed by double opt-in."""
    return Subscription.objects.create(email=email, source=source, status=Subscription.Status.CONFIRMED,
                                       confirmed_at=timezone.now(), policy_version=1)


def newsletter_send(to: str) -> str:
    """Send a small newsletter (the marketing kind) to `to`; returns its Message-ID."""
    from shopkeep.mailing.services import email_send

    return email_send(kind="newsletter", to=to, subject="News", template="mailing/email/test_newsletter",
                      context={"body": "New socks"})
