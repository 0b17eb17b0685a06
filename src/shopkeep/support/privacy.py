"""Data map of support: who asked, what they wrote, our replies and notes; gone a set time after closing (P-41)."""

from django.db.models import Q

from shopkeep.privacy.roles import Role
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.retention import retention_job_register
from shopkeep.privacy.subjects import subject_rows_register
from shopkeep.support.models import HelpArticle, HelpCategory, Ticket, TicketMessage

SUPPORT = ("essential.service.operations.support",)
STAFF_ONLY = (Role.CUSTOMER_SERVICE,)  # the owner holds every role
TICKET = Personal("user.content.private", SUPPORT, "contract", "support_ticket", roles=STAFF_ONLY, erase="delete")

register(HelpCategory, description="help-center categories", non_personal=["id", "name", "slug", "position"])
register(HelpArticle, description="help-center articles",
         non_personal=["id", "category", "title", "slug", "body", "position", "published", "created_at",
                       "updated_at"])
register(
    Ticket,
    description="questions and support requests sent to customer service",
    subject="customer",
    personal={
        "email": Personal("user.contact.email", ("essential.service.operations.support",),
                          "contract", "support_ticket", roles=STAFF_ONLY, processors=("email_provider",),
                          encrypted=True, erase="delete"),
        "email_index": Personal("user.contact.email", SUPPORT, "contract", "support_ticket", encrypted=True,
                                erase="delete"),
        "name": Personal("user.name", SUPPORT, "contract", "support_ticket", roles=STAFF_ONLY, encrypted=True,
                         erase="delete"),
        "customer": Personal("user.unique_id", SUPPORT, "contract", "support_ticket", roles=STAFF_ONLY,
                             erase="delete"),
        "order": Personal("user.unique_id", SUPPORT, "contract", "support_ticket", roles=STAFF_ONLY, erase="delete"),
        "created_at": TICKET,
        "updated_at": TICKET,
        "closed_at": TICKET,
    },
    non_personal=["id", "reference", "status", "assigned_to"],
)
register(
    TicketMessage,
    description="the messages of each support request: the customer's words, our replies and internal notes",
    subject="ticket__customer",
    personal={
        "body": Personal("user.content.private", SUPPORT, "contract", "support_ticket", roles=STAFF_ONLY,
                         encrypted=True, erase="delete"),
        "message_id": Personal("user.unique_id", SUPPORT, "contract", "support_ticket", roles=STAFF_ONLY,
                               erase="delete"),
        "created_at": TICKET,
        "author": Personal("user.unique_id", SUPPORT, "legitimate_interests",
                           "support_ticket", erase="delete", about="staff"),
    },
    non_personal=["id", "ticket", "kind"],
)


def _closed_before(cutoff):
    return Ticket.objects.filter(Q(status=Ticket.Status.CLOSED) & Q(closed_at__lt=cutoff))


retention_job_register(
    key="support_ticket",
    what="closed support requests with all their messages",
    expired=_closed_before,
    apply=lambda rows: rows.delete()[1].get("support.Ticket", 0),
)

# A guest's questions are found by the email they wrote from.
subject_rows_register(Ticket, lambda subject: Ticket.objects.filter(email_index=subject.email_index))
subject_rows_register(TicketMessage, lambda subject: TicketMessage.objects.filter(ticket__email_index=subject.email_index))
