"""The analytics tables in the data map: aggregate counts per day, nothing about any person (P-10)."""

from shopkeep.analytics.models import ALL_MODELS
from shopkeep.privacy.registry import register
from shopkeep.privacy.retention import retention_job_register

for model in ALL_MODELS:
    register(
        model,
        description=f"Statistics: {model._meta.verbose_name_plural} (daily aggregate counts).",
        non_personal=[f.name for f in model._meta.concrete_fields],
        notes="Non-personal aggregates: no IP address, user agent, cookie, user id or visitor hash. "
        "Kept 25 months (SHOPKEEP_ANALYTICS_RETENTION_MONTHS), then deleted by the retention runner (the daily `retention` upkeep job).",
    )
    retention_job_register(
        key="statistics",
        what=f"daily statistics: {model._meta.verbose_name_plural}",
        expired=lambda cutoff, model=model: model.objects.filter(day__lt=cutoff.date()),
        apply=lambda rows, model=model: rows.delete()[1].get(model._meta.label, 0),
    )
