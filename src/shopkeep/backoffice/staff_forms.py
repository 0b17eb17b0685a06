"""Back-office forms for staff accounts (owner only)."""

from django import forms

from shopkeep.privacy.roles import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254,
                             help_text="The invitation with a link to set a password goes to this address.")
    name = forms.CharField(max_length=150, required=False, help_text="Shown in the back office and the audit log.")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.FULFILMENT,
                             help_text="What the account may see and do; you can change it later.")


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
