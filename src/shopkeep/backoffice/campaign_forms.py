"""Back-office forms for campaigns and coupons. Rules live in mailing/campaigns; these only collect input."""

from django import forms

from shopkeep.mailing.campaigns.models import Coupon


class CampaignForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=150)
    body = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="Simple Markdown: blank line between paragraphs, # heading, **bold**, "
                                     "*italic*, - list item, [link text](https://…). Anything else shows as typed.")
    coupon = forms.ModelChoiceField(label="Subscriber coupon", required=False, queryset=Coupon.objects.none(),
                                    empty_label="No coupon",
                                    help_text="Shown in the newsletter; valid only for subscribers' addresses.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coupon"].queryset = Coupon.objects.all()


class CouponForm(forms.Form):
    code = forms.CharField(label="Code", max_length=32, help_text="Letters, digits and hyphens; case does not matter.")
    kind = forms.ChoiceField(label="Discount", choices=Coupon.Kind.choices)
    value = forms.DecimalField(label="Percent or amount", max_digits=10, decimal_places=2, min_value=0)
    currency = forms.CharField(label="Currency (for an amount)", max_length=3, required=False, initial="EUR")
    valid_from = forms.DateTimeField(label="Valid from", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    valid_until = forms.DateTimeField(label="Valid until",
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    max_uses = forms.IntegerField(label="Uses in all", min_value=1, initial=1, help_text="1 = single use.")
    minimum_subtotal = forms.DecimalField(label="Minimum items value", max_digits=10, decimal_places=2, min_value=0,
                                          initial=0)
    subscribers_only = forms.BooleanField(label="Only for confirmed newsletter subscribers", required=False,
                                          initial=True)
