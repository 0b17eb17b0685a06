from django import forms

from shopkeep.mailing.campaigns.surveys import COMMENT_MAX_LENGTH

RATINGS = [(str(n), f"{n}") for n in range(1, 6)]


class SurveyForm(forms.Form):
    """The survey: a 1–5 rating, an optional comment, and the unticked "link to my account" box (P-30)."""

    rating = forms.ChoiceField(label="How happy are you with your order? (1 = not at all, 5 = very)",
                               choices=RATINGS, widget=forms.RadioSelect,
                               error_messages={"required": "Choose a rating from 1 to 5.",
                                               "invalid_choice": "Choose a rating from 1 to 5."})
    comment = forms.CharField(label="Anything you would like to tell us?", required=False,
                              max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5}))
    link_to_account = forms.BooleanField(
        label="You may link this answer to my account", required=False,
        help_text="Leave unticked to answer anonymously: the answer is then stored with no link to you, "
                  "your account or your order.")


class SurveyConsentForm(forms.Form):
    surveys = forms.BooleanField(
        label="Invite me to a short survey after each delivery", required=False,
        help_text="One email per order with a 1–5 rating and a comment box. Untick at any time; invitations "
                  "not yet sent are then cancelled.")


class ContestEntryForm(forms.Form):
    """The contest entry form: email, optional name, the answer if there is a question, the eligibility
    statement, and the unticked newsletter box (double opt-in, never implied by entering, P-30)."""

    email = forms.EmailField(label="Email", max_length=254,
                             help_text="Only to confirm your entry and to tell you if you win.",
                             error_messages={"required": "Enter your email address: we use it only to tell you "
                                                         "if you win.",
                                             "invalid": "Enter a valid email address: we use it only to tell you "
                                                        "if you win."})
    name = forms.CharField(label="Name", max_length=100, required=False)
    answer = forms.CharField(label="Your answer", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    eligible = forms.BooleanField(label="I meet the conditions to enter", required=False)
    newsletter = forms.BooleanField(
        label="Also send me the newsletter", required=False,
        help_text="Optional and separate from your entry: we email you a link to confirm first, and you are "
                  "subscribed only if you follow it.")

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        if contest.question:
            self.fields["answer"].label = contest.question
            self.fields["answer"].required = True
            self.fields["answer"].error_messages["required"] = "Please answer the contest question."
        else:
            del self.fields["answer"]
