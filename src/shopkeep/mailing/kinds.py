"""Every kind of email the shop sends, with its lawful basis (P-26).

A marketing kind (basis "consent") goes only to an address with a confirmed (double opt-in)
subscription that is not on the suppression list; every other kind answers something the
recipient did or asked for, and may go to anyone.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EmailKind:
    basis: str  # key of privacy.taxonomy.LEGAL_BASES
    purpose: str  # shown to the email provider as the reason of the disclosure
    marketing: bool = False
    # A marketing kind needs a confirmed newsletter subscription, unless it rests on a consent of
    # its own that the caller checks (the survey opt-in box, P-30); suppression applies to all.
    needs_subscription: bool = True


EMAIL_KINDS: dict[str, EmailKind] = {
    "order_confirmation": EmailKind("contract", "contract: confirming the customer's own order"),
    "order_update": EmailKind("contract", "contract: updates on the customer's own order"),
    "dispatch": EmailKind("contract", "contract: telling the customer their order is on its way"),
    "return": EmailKind("contract", "contract: handling the customer's return or refund"),
    "account_security": EmailKind("contract", "contract: messages about the customer's own account (password reset)"),
    "account_inactive": EmailKind("contract",
                                  "contract: warning the customer that their unused account is about to be deleted"),
    "staff_practices": EmailKind("legal_obligation", "legal obligation: reminding a staff member to acknowledge the "
                                 "privacy practices (GDPR Art. 32, 39)"),
    "staff_invitation": EmailKind("contract", "contract: inviting a new staff member to set the password of their "
                                              "staff account"),
    "support_reply": EmailKind("contract", "contract: answering the question or support request the person sent us"),
    "policy_change": EmailKind(
        "legal_obligation", "legal obligation: telling customers about a material change to the privacy policy"
    ),
    "newsletter_confirmation": EmailKind(
        "consent", "consent: asking the person who requested the newsletter to confirm (double opt-in)"
    ),
    # A contest entry's confirmation answers the person's own request: not marketing, no subscription needed.
    "contest_entry": EmailKind("contract",
                               "contract: confirming the person's own contest entry, with a link to withdraw it"),
    "contest_winner": EmailKind("contract", "contract: telling a contest entrant they were drawn as a winner"),
    "data_rights": EmailKind("legal_obligation", "legal obligation: answering the person's own request to see, "
                             "export or erase their data"),
    "newsletter": EmailKind("consent", "consent: the newsletter the subscriber asked for", marketing=True),
    "survey_invitation": EmailKind("consent", "consent: a survey invitation the customer opted in to",
                                   marketing=True, needs_subscription=False),
}


def kind_get(kind: str) -> EmailKind:
    """The declared kind, or ValueError naming it."""
    try:
        return EMAIL_KINDS[kind]
    except KeyError:
        raise ValueError(f"Unknown email kind {kind!r}; declare it in EMAIL_KINDS.") from None


def kinds_marketing() -> list[str]:
    """Names of the kinds that need a confirmed subscription."""
    return [name for name, kind in EMAIL_KINDS.items() if kind.marketing]
