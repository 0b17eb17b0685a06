"""The support request form: the contact page and the API validate with it alike."""

from django import forms

MESSAGE_MAX = 5000


class SupportRequestForm(forms.Form):
    email = forms.EmailField(
        label="Your email address", max_length=254,
        help_text="We answer by email, so we need it to reply. We use it only for this request.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Enter your email address, so that we can reply.",
                        "invalid": "Enter a valid email address, like name@example.com."},
    )
    name = forms.CharField(label="Your name", max_length=120, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    order_number = forms.CharField(
        label="Order number", max_length=20, required=False,
        help_text="If your question is about an order: the number from your confirmation email, like SK-7F3K9QX.",
    )
    message = forms.CharField(
        label="Your question", max_length=MESSAGE_MAX, min_length=5,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": "Write your question or request.",
                        "min_length": "Tell us a little more, so that we can help.",
                        "max_length": f"Please keep it under {MESSAGE_MAX} characters."},
    )
