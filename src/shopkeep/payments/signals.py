"""What payments tells the apps above it, without importing them (dependencies point one way)."""

from django.dispatch import Signal

# Sent with `payment` (its `order_id` is set) and `reason` when the card refuses to renew an authorisation
# about to expire. shopkeep.orders connects to it in OrdersConfig.ready and flags the order.
authorisation_renewal_failed = Signal()
