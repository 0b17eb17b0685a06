import pytest


@pytest.fixture
def order_factory():
    """Make placed orders (each with its own cart) to attach redemptions and invitations to."""
    from shopkeep.mailing.campaigns.tests.orders import order_make

    return order_make
