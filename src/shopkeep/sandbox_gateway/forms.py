"""The hosted payment page's card form. It only collects text; the card rules live in services.card_validate."""

from django import forms


class SecretTextInput(forms.TextInput):
    """A text input that never renders a submitted value back into the page (the CVC)."""

    def format_value(self, value):
        return None


class CardForm(forms.Form):
    number = forms.CharField(
        label="Card number", max_length=23,
        error_messages={"required": "Enter the card number.",
                        "max_length": "This card number is not valid. Check the digits and try again."},
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric", "spellcheck": "false",
                                      "required": True, "placeholder": "1234 1234 1234 1234"}),
    )
    exp_month = forms.CharField(
        label="Month", max_length=2,
        error_messages={"required": "Enter the expiry month.", "max_length": "Enter the expiry month as a number, like 04."},
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp-month", "inputmode": "numeric", "required": True,
                                      "placeholder": "MM", "size": 3}),
    )
    exp_year = forms.CharField(
        label="Year", max_length=4,
        error_messages={"required": "Enter the expiry year.", "max_length": "Enter the expiry year as 4 digits, like 2030."},
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp-year", "inputmode": "numeric", "required": True,
                                      "placeholder": "YYYY", "size": 5}),
    )
    cvc = forms.CharField(
        label="Security code (CVC)", max_length=4,
        error_messages={"required": "Enter the security code.",
                        "max_length": "The security code is the 3 or 4 digits on the card."},
        help_text="The last 3 digits on the back of the card (4 on the front for Amex).",
        widget=SecretTextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric", "required": True,
                                      "size": 5}),
    )
    postal_code = forms.CharField(
        label="Billing postal code", max_length=20, required=False,
        error_messages={"max_length": "The postal code is too long."},
        widget=forms.TextInput(attrs={"autocomplete": "billing postal-code", "size": 10}),
    )

    def clean_exp_month(self) -> int:
        value = self.cleaned_data["exp_month"].strip()
        if not value.isdigit():
            raise forms.ValidationError("Enter the expiry month as a number, like 04.")
        return int(value)

    def clean_exp_year(self) -> int:
        value = self.cleaned_data["exp_year"].strip()
        if not value.isdigit() or len(value) not in (2, 4):
            raise forms.ValidationError("Enter the expiry year as 4 digits, like 2030.")
        return int(value)
