"""Back-office forms for the shop's identity, its page texts and product documents (owner only)."""

from django import forms

from shopkeep.catalog.models import Product, ProductDocument
from shopkeep.shop.authorities import AUTHORITIES
from shopkeep.shop.models import ShopIdentity

TEXTAREA = {"rows": 4, "cols": 60}


class IdentityForm(forms.ModelForm):
    country = forms.CharField(max_length=60, help_text="Two-letter code of the country the shop is run from, e.g. IE.")

    class Meta:
        model = ShopIdentity
        fields = ["legal_name", "postal_address", "country", "contact_email", "phone", "data_protection_contact",
                  "vat_number", "authority_name", "authority_url", "return_address"]
        widgets = {"postal_address": forms.Textarea(attrs=TEXTAREA), "return_address": forms.Textarea(attrs=TEXTAREA)}
        help_texts = {
            "authority_name": "Leave empty to use the authority of your country.",
            "return_address": "Leave empty to use the postal address.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("authority_name", "authority_url", "return_address"):
            self.fields[name].required = False

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError("Enter the two-letter country code, e.g. IE, DE or GB.")
        return country

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if country and country not in AUTHORITIES and not cleaned.get("authority_name"):
            self.add_error("authority_name", "We have no default authority for this country: please name it.")
        if cleaned.get("authority_name") and not cleaned.get("authority_url") and country not in AUTHORITIES:
            self.add_error("authority_url", "Give the authority's web address.")
        return cleaned


class PageForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18, "cols": 80}), required=False, max_length=20000,
                           help_text="Paragraphs, # headings, - lists, **bold**, *italic*, [links](https://…) or "
                                     "[links](/terms/). Links to other sites are marked automatically.")


class DocumentForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.order_by("name"))
    title = forms.CharField(max_length=120, help_text="Shown on the product page, e.g. “Size chart”.")
    kind = forms.ChoiceField(choices=ProductDocument.Kind.choices)
    file = forms.FileField(help_text="A PDF file.", allow_empty_file=False)


class ErasureOnRequestForm(forms.Form):
    """The owner erases a person who asked by letter, phone or email (P-33)."""

    email = forms.EmailField(label="The person's email address", max_length=254)
    reason = forms.CharField(label="How they asked (kept in the audit log)", max_length=200,
                             help_text="For example: 'Letter of 3 March, identity checked against order C-…'.")
    confirm = forms.BooleanField(label="I have checked that the request comes from this person", required=True)
