"""The shop's identity: seeded from the environment, changed with history, warned about while it is a demo."""

import pytest
from django.core.management import call_command

from shopkeep.customers.tests.factories import customer_create
from shopkeep.shop.authorities import AUTHORITIES, authority_for
from shopkeep.shop.checks import check_identity_not_demo
from shopkeep.shop.models import ShopIdentity
from shopkeep.shop.services import DEMO_IDENTITY, identity_current, identity_history, identity_update
from shopkeep.shop.tests.factories import IDENTITY as OWN

pytestmark = pytest.mark.django_db

EU_EEA_AND_GB = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
                 "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB"}



def test_every_eu_eea_country_and_the_uk_has_a_default_supervisory_authority():
    # given / when / then
    assert set(AUTHORITIES) == EU_EEA_AND_GB
    assert all(a.url.startswith("https://") and a.name for a in AUTHORITIES.values())
    assert authority_for("fr").name == "Commission nationale de l'informatique et des libertés (CNIL)"
    assert authority_for("US") is None


def test_the_first_identity_is_seeded_from_the_environment_with_the_authority_of_its_country(settings):
    # given
    settings.SHOPKEEP_LEGAL_NAME = "Chaussettes SARL"
    settings.SHOPKEEP_POSTAL_ADDRESS = "3 rue Oberkampf\\n75011 Paris"
    settings.SHOPKEEP_SHOP_COUNTRY = "FR"
    settings.SHOPKEEP_CONTACT_EMAIL = "bonjour@chaussettes.fr"

    # when
    identity = identity_current()

    # then
    assert (identity.legal_name, identity.country, identity.contact_email) == (
        "Chaussettes SARL", "FR", "bonjour@chaussettes.fr")
    assert (identity.authority_name, identity.authority_url) == (
        "Commission nationale de l'informatique et des libertés (CNIL)", "https://www.cnil.fr/")
    assert identity.return_address == "3 rue Oberkampf\n75011 Paris"
    assert identity.changed_by is None
    assert ShopIdentity.objects.count() == 1


def test_the_environment_seeds_only_the_first_values(settings):
    # given
    first = identity_current()
    settings.SHOPKEEP_LEGAL_NAME = "Something Else Ltd"

    # when
    again = identity_current()

    # then
    assert (again.pk, again.legal_name) == (first.pk, first.legal_name)


def test_a_change_is_a_new_row_in_force_and_the_old_one_stays_in_the_history():
    # given
    owner = customer_create(email="owner@harbour-socks.de")
    first = identity_current()

    # when
    changed = identity_update(changed_by=owner, values={**OWN})

    # then
    assert identity_current().pk == changed.pk
    assert [v.pk for v in identity_history()] == [changed.pk, first.pk]
    assert (changed.changed_by, changed.legal_name, changed.authority_name) == (
        owner, "Harbour Socks GmbH", "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit")
    assert ShopIdentity.objects.get(pk=first.pk).legal_name == "shopkeep demo shop"


def test_an_empty_authority_and_return_address_are_filled_from_the_country_and_postal_address():
    # given / when
    identity = identity_update(changed_by=None, values={**OWN, "country": "nl", "authority_name": "",
                                                        "authority_url": "", "return_address": ""})

    # then
    assert (identity.authority_name, identity.authority_url) == (
        "Autoriteit Persoonsgegevens", "https://www.autoriteitpersoonsgegevens.nl/")
    assert identity.return_address == OWN["postal_address"]


def test_an_unknown_field_is_refused_and_nothing_changes():
    # given
    before = identity_current()

    # when
    with pytest.raises(ValueError, match="Unknown shop identity fields: favourite_colour"):
        identity_update(changed_by=None, values={"favourite_colour": "red"})

    # then
    assert list(ShopIdentity.objects.values_list("pk", flat=True)) == [before.pk]


def test_the_check_warns_while_the_identity_holds_default_values():
    # given a fresh shop / when
    [warning] = check_identity_not_demo(databases=["default"])

    # then
    assert warning.id == "shopkeep.W010"
    assert "(legal_name, postal_address, contact_email)" in warning.msg


def test_the_check_warns_while_the_identity_holds_the_demo_values():
    # given
    identity_update(changed_by=None, values={**DEMO_IDENTITY})

    # when
    [warning] = check_identity_not_demo(databases=["default"])

    # then
    assert "legal_name, postal_address, contact_email, phone, data_protection_contact, vat_number, return_address" in (
        warning.msg)


def test_shopkeep_check_warns_about_a_demo_identity_and_other_commands_stay_quiet(capsys):
    # given a fresh shop / when
    call_command("check")
    checked = capsys.readouterr().err
    call_command("sendtestemail", "someone@example.com")
    other = capsys.readouterr().err

    # then
    assert "(shopkeep.W010) The shop's identity still holds demo or default values" in checked
    assert other == ""


def test_the_check_is_quiet_once_the_owner_set_real_values(capsys):
    # given
    identity_update(changed_by=None, values={**OWN})

    # when
    call_command("check")

    # then
    assert check_identity_not_demo(databases=["default"]) == []
    assert "W010" not in capsys.readouterr().err


def test_the_demo_identity_is_run_from_the_default_shop_country(settings):
    # given the shop country as shipped / then seed_demo's identity names the same country (VAT and authority agree)
    assert DEMO_IDENTITY["country"] == settings.SHOPKEEP_SHOP_COUNTRY
    identity_update(changed_by=None, values={**DEMO_IDENTITY})
    assert [w.id for w in check_identity_not_demo(databases=["default"])] == ["shopkeep.W010"]


def test_the_check_warns_when_the_identity_and_the_shop_country_disagree(settings):
    # given an identity in Ireland while SHOPKEEP_SHOP_COUNTRY says Germany
    settings.SHOPKEEP_SHOP_COUNTRY = "DE"
    identity_update(changed_by=None, values={**OWN, "country": "IE"})

    # when
    warnings = check_identity_not_demo(databases=["default"])

    # then
    assert [w.id for w in warnings] == ["shopkeep.W011"]
    assert "run from IE, but SHOPKEEP_SHOP_COUNTRY is DE" in warnings[0].msg
