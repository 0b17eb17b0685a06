"""shopkeep: an online shop whose privacy promises are behaviour of the code."""
