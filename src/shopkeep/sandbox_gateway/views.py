"""Views of the sandbox_gateway app."""
