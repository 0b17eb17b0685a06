from django import forms


class NewsletterForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=254)
