"""Playwright fixtures (headless Debian Chromium) shared by every app's browser tests."""
