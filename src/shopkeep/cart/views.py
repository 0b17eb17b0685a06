"""Views of the cart app."""
