from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """Its own app (label "campaigns") so its models and migrations stay apart from the mailing core's."""

    name = "shopkeep.mailing.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns, coupons and surveys"

    def ready(self) -> None:
        from shopkeep.mailing.kinds import EMAIL_KINDS, EmailKind

        # A staff member's test copy of a newsletter goes only to their own address; it is not marketing.
        EMAIL_KINDS.setdefault("campaign_test", EmailKind(
            "legitimate_interests", "legitimate interests: a staff member checking a newsletter, sent to themselves"))
