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


class ContestForm(forms.Form):
    title = forms.CharField(label="Title", max_length=150)
    prize = forms.CharField(label="Prize", max_length=200)
    rules = forms.CharField(label="Rules", widget=forms.Textarea(attrs={"rows": 10}),
                            help_text="Simple Markdown, as in newsletters. The page adds the standard terms itself: "
                                      "free entry, one entry per address, the draw and how long entries are kept.")
    question = forms.CharField(label="Question for entrants", max_length=200, required=False,
                               help_text="Leave empty for a pure prize draw.")
    opens_at = forms.DateTimeField(label="Opens", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label="Closes", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    eligible_countries = forms.CharField(label="Eligible countries", max_length=200, required=False,
                                         help_text="Two-letter codes separated by commas, such as DE, FR, AT; "
                                                   "empty = anywhere.")
    minimum_age = forms.IntegerField(label="Minimum age", min_value=0, max_value=120, initial=18)
    winners_count = forms.IntegerField(label="Number of winners", min_value=1, max_value=100, initial=1)
    needs_purchase = forms.BooleanField(
        label="Buyers also take part", required=False,
        help_text="Even then, the free entry form always exists and counts the same: no purchase is necessary.")
