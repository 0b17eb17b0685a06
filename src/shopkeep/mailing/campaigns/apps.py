from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """Its own app (label "campaigns") so its models and migrations stay apart from the mailing core's."""

    name = "shopkeep.mailing.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns, coupons and surveys"
