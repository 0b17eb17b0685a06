from django import forms

MAX_ID = 2**63 - 1


def _quantity_field() -> forms.IntegerField:
    # The range (1..max per line) is checked by the cart services, which say why in words.
    return forms.IntegerField(
        error_messages={"required": "Please enter a quantity.", "invalid": "Quantity must be a whole number."}
    )


class AddToCartForm(forms.Form):
    sku = forms.CharField(max_length=64, error_messages={"required": "Please choose a size."})
    quantity = _quantity_field()


class LineForm(forms.Form):
    line = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": "That item is not in this cart.",
            "invalid": "That item is not in this cart.",
            "min_value": "That item is not in this cart.",
            "max_value": "That item is not in this cart.",
        },
    )


class LineQuantityForm(LineForm):
    quantity = _quantity_field()


def first_error(form: forms.Form) -> str:
    """The first error message of a bound, invalid form."""
    for errors in form.errors.values():
        return errors[0]
    return "Please check the form."
