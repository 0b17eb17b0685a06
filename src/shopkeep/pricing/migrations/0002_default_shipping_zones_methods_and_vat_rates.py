"""The shipping zones and methods the shop had as Python literals, and EU VAT rates, as shop data."""

from django.db import migrations

from shopkeep.pricing.defaults import defaults_ensure


def forwards(apps, schema_editor):
    defaults_ensure(zone_model=apps.get_model("pricing", "ShippingZone"),
                    method_model=apps.get_model("pricing", "ShippingMethod"),
                    rate_model=apps.get_model("pricing", "VatRate"))


class Migration(migrations.Migration):

    dependencies = [("pricing", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
