import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopkeep.catalog.errors import OutOfStock
from shopkeep.catalog.models import Variant
from shopkeep.catalog.services import stock_release, stock_reserve
from shopkeep.catalog.tests.factories import product_create, variant_create

pytestmark = pytest.mark.django_db


def stock_of(*variants: Variant) -> list[int]:
    return [Variant.objects.get(pk=v.pk).stock for v in variants]


def test_reserving_takes_each_quantity_out_of_stock():
    # given
    a, b = variant_create(stock=5), variant_create(stock=3)

    # when
    stock_reserve(quantities={a.pk: 2, b.pk: 3})

    # then
    assert stock_of(a, b) == [3, 0]


def test_reserving_more_than_is_left_takes_nothing_from_any_line():
    # given
    product = product_create(name="Stripy Socks")
    a = variant_create(product=product, size="S", stock=5)
    b = variant_create(product=product, size="M", stock=2)

    # when
    with pytest.raises(OutOfStock) as error:
        stock_reserve(quantities={a.pk: 1, b.pk: 3})

    # then
    assert str(error.value) == "Sorry, only 2 of Stripy Socks M left in stock; you asked for 3."
    assert error.value.requested == 3
    assert error.value.variant.pk == b.pk
    assert stock_of(a, b) == [5, 2]


def test_reserving_a_sold_out_variant_says_it_is_sold_out():
    # given
    variant = variant_create(product=product_create(name="Wool Clogs"), size="42", stock=0)

    # when
    with pytest.raises(OutOfStock) as error:
        stock_reserve(quantities={variant.pk: 1})

    # then
    assert str(error.value) == "Sorry, Wool Clogs 42 is sold out."
    assert stock_of(variant) == [0]


def test_reserving_inside_an_outer_transaction_rolls_back_with_it():
    # given
    variant = variant_create(stock=4)

    # when
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            stock_reserve(quantities={variant.pk: 4})
            raise RuntimeError("the order could not be written")

    # then
    assert stock_of(variant) == [4]


def test_reserving_the_last_units_twice_fails_the_second_time_and_stock_stays_at_zero():
    # given
    variant = variant_create(stock=2)
    stock_reserve(quantities={variant.pk: 2})

    # when
    with pytest.raises(OutOfStock):
        stock_reserve(quantities={variant.pk: 1})

    # then
    assert stock_of(variant) == [0]


def test_releasing_puts_stock_back():
    # given
    a, b = variant_create(stock=1), variant_create(stock=0)

    # when
    stock_release(quantities={a.pk: 2, b.pk: 1})

    # then
    assert stock_of(a, b) == [3, 1]


def test_the_database_refuses_negative_stock():
    # given
    variant = variant_create(stock=1)

    # when / then
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            Variant.objects.filter(pk=variant.pk).update(stock=-1)
    assert stock_of(variant) == [1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stock=st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=3),
    orders=st.lists(st.lists(st.integers(min_value=1, max_value=4), min_size=3, max_size=3), max_size=6),
)
def test_a_sequence_of_reservations_takes_whole_orders_or_nothing_and_never_goes_below_zero(stock, orders):
    # given
    variants = [variant_create(stock=units) for units in stock]
    expected = list(stock)

    for order in orders:
        quantities = {variant.pk: quantity for variant, quantity in zip(variants, order)}
        fits = all(quantity <= left for quantity, left in zip(order, expected))

        # when
        try:
            stock_reserve(quantities=quantities)
            taken = True
        except OutOfStock:
            taken = False

        # then
        assert taken == fits
        if taken:
            expected = [left - quantity for left, quantity in zip(expected, order)]
        assert stock_of(*variants) == expected
        assert min(expected) >= 0
