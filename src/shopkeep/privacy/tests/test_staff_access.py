import pytest
from django.contrib.auth.models import Group

from shopkeep.customers.models import Address
from shopkeep.privacy.access import NotStaff, personal_data_change, personal_data_for_staff
from shopkeep.privacy.models import AuditEntry

PASSWORD = "a long enough password 123"


def _staff(django_user_model, email, role):
    user = django_user_model.objects.create_user(email, PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _address():
    return Address.objects.create(name="Ada Lovelace", line1="1 Analytical Row", city="London", postal_code="N1 1AA",
                                  country="GB", phone="+44 20 7946 0000")


@pytest.mark.django_db
@pytest.mark.promise("P-36", clause="by role")
@pytest.mark.promise("P-37")
def test_staff_read_only_the_fields_their_role_needs_and_each_read_is_audited(django_user_model):
    # given a fulfilment clerk and a marketing assistant
    fulfilment = _staff(django_user_model, "ship@shop.example", "fulfilment")
    marketing = _staff(django_user_model, "mkt@shop.example", "marketing")
    address = _address()
    # when each opens the address
    seen_by_fulfilment = personal_data_for_staff(staff=fulfilment, instance=address, subject_ref="SK-ABCDEF1",
                                                 reason="dispatching SK-ABCDEF1")
    seen_by_marketing = personal_data_for_staff(staff=marketing, instance=address, subject_ref="SK-ABCDEF1",
                                                reason="curious")
    # then fulfilment sees the address and marketing sees nothing; only the real access is logged
    assert seen_by_fulfilment["line1"] == "1 Analytical Row"
    assert seen_by_marketing == {}
    entry = AuditEntry.objects.get()
    assert (entry.staff_ref, entry.role, entry.subject_ref, entry.action) == (
        "ship@shop.example", "fulfilment", "SK-ABCDEF1", "view")
    assert "customers.Address.line1" in entry.fields


@pytest.mark.django_db
def test_customers_cannot_open_personal_data_as_staff(django_user_model):
    customer = django_user_model.objects.create_user("ada@example.com", PASSWORD)
    with pytest.raises(NotStaff):
        personal_data_for_staff(staff=customer, instance=_address(), subject_ref="C-1", reason="x")
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.promise("P-37")
def test_a_change_by_staff_is_refused_outside_their_role_and_audited_inside_it(django_user_model):
    marketing = _staff(django_user_model, "mkt@shop.example", "marketing")
    service = _staff(django_user_model, "cs@shop.example", "customer_service")
    address = _address()
    with pytest.raises(PermissionError, match="may not change phone"):
        personal_data_change(staff=marketing, instance=address, subject_ref="C-1", changes={"phone": "1"}, reason="x")
    personal_data_change(staff=service, instance=address, subject_ref="C-1", changes={"phone": "+44 20 7946 0001"},
                         reason="customer asked by phone")
    address.refresh_from_db()
    assert address.phone == "+44 20 7946 0001"
    assert list(AuditEntry.objects.values_list("action", "fields")) == [("change", ["customers.Address.phone"])]
