"""Back-office forms for the support queue and the help center. Rules live in shopkeep.support."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from shopkeep.privacy.roles import Role
from shopkeep.support.models import HelpArticle, HelpCategory

MARKDOWN_HELP = ("Simple Markdown: blank line between paragraphs, # heading, **bold**, *italic*, - list item, "
                 "[link text](https://…) or a page of the shop [returns](/help/…). Anything else shows as typed.")


def support_staff():
    """Staff who may hold a ticket: customer service and the owner."""
    return (get_user_model().objects.filter(is_staff=True, is_active=True)
            .filter(Q(groups__name__in=[Role.CUSTOMER_SERVICE, Role.OWNER]) | Q(is_superuser=True))
            .distinct().order_by("name", "pk"))


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_short_name()


class ReplyForm(forms.Form):
    body = forms.CharField(label="Reply to the customer (sent by email from the shop's address)", max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 8}))


class NoteForm(forms.Form):
    note = forms.CharField(label="Internal note (only staff see it)", max_length=5_000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    assigned_to = StaffChoiceField(label="Assigned to", queryset=get_user_model().objects.none(), required=False,
                                   empty_label="Nobody")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = support_staff()


class ArticleForm(forms.ModelForm):
    class Meta:
        model = HelpArticle
        fields = ["category", "title", "slug", "body", "position", "published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
        help_texts = {"body": MARKDOWN_HELP, "slug": "The article's address: /help/articles/<slug>/.",
                      "position": "Lower numbers come first within the category."}


class CategoryForm(forms.ModelForm):
    class Meta:
        model = HelpCategory
        fields = ["name", "slug", "position"]
        help_texts = {"position": "Lower numbers come first on the help center."}
