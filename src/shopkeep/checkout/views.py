"""Views of the checkout app."""
