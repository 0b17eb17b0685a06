"""Staff accounts are created with a role, as a group membership (P-36)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import role_groups_ensure, staff_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; these tests are about accounts and roles, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_role_groups_ensure_creates_a_group_per_role_once():
    # when
    role_groups_ensure()
    role_groups_ensure()

    # then
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)


def test_staff_create_generates_a_strong_password_when_none_is_given():
    # when
    user, password = staff_create(email="Fulfil@Shop.Example", role=Role.FULFILMENT)

    # then
    assert user.email == "fulfil@shop.example"
    assert len(password) >= 20
    assert user.check_password(password)
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["fulfilment"]


def test_staff_create_makes_the_owner_a_superuser():
    # when
    user, _password = staff_create(email="boss@shop.example", role=Role.OWNER, password="a long owner passphrase")

    # then
    assert user.is_superuser and user.is_staff
    assert user.check_password("a long owner passphrase")


def test_staff_create_refuses_an_unknown_role_and_creates_nothing():
    # when
    with pytest.raises(ValueError) as refused:
        staff_create(email="x@shop.example", role="janitor")

    # then
    assert str(refused.value) == (
        "'janitor' is not a staff role; choose one of owner, billing, customer_service, fulfilment, marketing."
    )
    assert not get_user_model().objects.exists()
