"""Views of the customers app."""
