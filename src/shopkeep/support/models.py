"""Help-center articles in ordered categories, and support tickets with their messages (P-41)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString

from shopkeep.shop.markdown import markdown_to_html

from shopkeep.privacy.fields import BlindIndexField, EncryptedCharField, EncryptedEmailField, EncryptedTextField
from shopkeep.references import reference_new

TICKET_PREFIX = "Q"


def new_ticket_reference() -> str:
    return reference_new(prefix=TICKET_PREFIX, length=6)


class HelpCategory(models.Model):
    """A heading of the help center; categories are shown by position."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "help categories"

    def __str__(self) -> str:
        return self.name


class HelpArticle(models.Model):
    """One answer in the help center, written in the safe Markdown subset (mailing.campaigns.markdown)."""

    category = models.ForeignKey(HelpCategory, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    body = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category__position", "category__name", "position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("support:article", args=[self.slug])

    @property
    def body_html(self) -> SafeString:
        """The body rendered from the safe Markdown subset (escaped first; links to the shop's own pages allowed)."""
        return markdown_to_html(self.body)


class Ticket(models.Model):
    """A question or support request, answered by email from the shop's address."""

    class Status(models.TextChoices):
        OPEN = "open", "waiting for us"
        ANSWERED = "answered", "answered"
        CLOSED = "closed", "closed"

    reference = models.CharField(max_length=16, unique=True, default=new_ticket_reference, editable=False)
    email = EncryptedEmailField(max_length=254)
    email_index = BlindIndexField(source="email", db_index=True)
    name = EncryptedCharField(max_length=120, blank=True, default="")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="support_tickets")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="support_tickets")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.reference


class TicketMessage(models.Model):
    """One step of a ticket: the customer's words, a reply we emailed, or a note only staff see."""

    class Kind(models.TextChoices):
        CUSTOMER = "customer", "from the customer"
        REPLY = "reply", "our reply"
        NOTE = "note", "internal note"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    body = EncryptedTextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    # The RFC 5322 Message-ID of the email this message was (customer) or went out as (reply): threading.
    message_id = models.CharField(max_length=250, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.ticket.reference}"
