"""Forms of a person's requests about their data."""

from django import forms


class PrivacyRequestForm(forms.Form):
    """A guest's email address, to send the single-use link to (P-34)."""

    email = forms.EmailField(label="Email address", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ConfirmEraseForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, erase everything you hold about me", required=True)
