"""Back-office forms for the catalogue: products with their sizes, categories, pictures, stock and CSV import."""

from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from shopkeep.catalog.models import Category, Product, StockMovement, Variant

TEXTAREA = {"rows": 5, "cols": 60}


class ProductForm(forms.ModelForm):
    slug = forms.SlugField(required=False, max_length=220, label="Web address",
                           help_text="The last part of the product's address; leave empty to make it from the name.")

    class Meta:
        model = Product
        fields = ["name", "slug", "category", "kind", "description", "tax_class", "capture_immediately", "is_active",
                  "colour", "accent"]
        labels = {"is_active": "Published (shown in the shop)", "kind": "Kind of product",
                  "capture_immediately": "Capture the payment immediately", "colour": "Drawing colour",
                  "accent": "Drawing accent colour"}
        help_texts = {"description": "Shown on the product page; paragraphs, lists, **bold** and links.",
                      "colour": "Used for the drawn picture while the product has no photo.",
                      "accent": "Second colour of the drawn picture."}
        widgets = {"description": forms.Textarea(attrs=TEXTAREA), "colour": forms.TextInput(attrs={"type": "color"}),
                   "accent": forms.TextInput(attrs={"type": "color"})}


class VariantForm(forms.ModelForm):
    stock = forms.IntegerField(min_value=0, max_value=1_000_000, initial=0,
                               help_text="Units in stock; a change is kept as a stock movement.")

    stock_shown = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=0)

    field_order = ["size", "sku", "price", "stock", "position"]

    class Meta:
        model = Variant
        fields = ["size", "sku", "price", "position"]
        labels = {"sku": "SKU", "size": "Size", "position": "Order"}
        widgets = {"price": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["stock"] = self.initial["stock_shown"] = self.instance.stock
        self.fields["position"].required = False
        self.fields["price"].min_value = Decimal("0")

    def has_changed(self) -> bool:
        # The stock the page showed is bookkeeping, not an edit: an empty extra row stays empty without it.
        return any(name != "stock_shown" for name in self.changed_data)

    def clean_stock_shown(self) -> int:
        value = self.cleaned_data.get("stock_shown")
        return value if value is not None else (self.instance.stock if self.instance.pk else 0)

    def clean_sku(self) -> str:
        return self.cleaned_data["sku"].strip()


class RequireOneVariant(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [form for form in self.forms if (form.instance.pk or form.has_changed())
                and not (getattr(form, "cleaned_data", None) or {}).get("DELETE")]
        if not kept:
            raise forms.ValidationError("A product needs at least one size (or one SKU when it has no sizes).")


def variant_formset(*, extra: int):
    return inlineformset_factory(Product, Variant, form=VariantForm, formset=RequireOneVariant, extra=extra,
                                 can_delete=True, max_num=100, validate_max=True)


class CategoryForm(forms.ModelForm):
    slug = forms.SlugField(required=False, max_length=50, label="Web address",
                           help_text="Leave empty to make it from the name.")

    class Meta:
        model = Category
        fields = ["name", "slug", "description"]
        widgets = {"description": forms.Textarea(attrs=TEXTAREA)}


class PictureForm(forms.Form):
    picture = forms.FileField(help_text="JPEG, PNG, WebP or GIF; stored in web sizes, the file itself is not kept.",
                              widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
    alt = forms.CharField(label="What the picture shows", max_length=200, required=False,
                          help_text="Read out to customers who cannot see it.")


class StockForm(forms.Form):
    change = forms.IntegerField(label="Units to add (negative to take out)", min_value=-1_000_000,
                                max_value=1_000_000)
    reason = forms.ChoiceField(choices=[(v, l) for v, l in StockMovement.Reason.choices
                                        if v not in (StockMovement.Reason.INITIAL, StockMovement.Reason.IMPORT)])
    note = forms.CharField(max_length=200, required=False)

    def clean_change(self) -> int:
        if self.cleaned_data["change"] == 0:
            raise forms.ValidationError("Enter a number of units other than 0.")
        return self.cleaned_data["change"]


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="UTF-8, the columns of the export; at most 5 MB.")
    dry_run = forms.BooleanField(label="Dry run: check every line and show what would change, but change nothing",
                                 required=False, initial=True)

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("This file is larger than 5 MB; split it and import the parts one by one.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("This file is not UTF-8 text. Save it as “CSV UTF-8” and try again.") from None
