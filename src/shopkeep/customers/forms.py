"""Forms of the account pages. Validation rules live in the services and in Django's auth."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField

from shopkeep.addresses.forms import AddressForm as BaseAddressForm
from shopkeep.customers.models import User
from shopkeep.customers.services import email_normalise, password_reset_email_send


class RegisterForm(forms.Form):
    """Only what an account needs: an email address, a password and, if the customer likes, a name (P-01)."""

    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    name = forms.CharField(
        label="Name", max_length=150, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    newsletter = forms.BooleanField(
        label="Send me the newsletter (we email you a link to confirm first)", required=False, initial=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_validation.password_validators_help_text_html()

    def clean_email(self) -> str:
        email = email_normalise(self.cleaned_data["email"])
        if User.objects.with_email(email).exists():
            raise forms.ValidationError(
                "An account with this email address already exists. Log in, or reset your password.",
                code="email_taken",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email") or "", name=cleaned.get("name") or "")
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    """Django's login form, matching email addresses the way they are stored."""

    username = UsernameField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email address and password don't match an account. Check them and try again.",
    }

    def clean_username(self) -> str:
        return email_normalise(self.cleaned_data["username"])


class ShopPasswordResetForm(PasswordResetForm):
    """Django's reset form (same answer whether or not the address has an account), sending through mailing."""

    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email):
        """Active accounts with a usable password, found by blind index (email is encrypted at rest)."""
        return (user for user in User.objects.with_email(email).filter(is_active=True) if user.has_usable_password())

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None) -> None:
        password_reset_email_send(user=context["user"], uidb64=context["uid"], token=context["token"])


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=24, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text="The 6 digits your authenticator app shows now, or one of your recovery codes.",
    )


class ReauthForm(forms.Form):
    """The password again (lock screen, confirmation before a dangerous action), and the code when due."""

    password = forms.CharField(label="Password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}))
    code = forms.CharField(label="Code from your authenticator app", max_length=24, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def __init__(self, *args, needs_code: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["code"]
        else:
            self.fields["code"].required = True


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}
        labels = {"name": "Name"}


class AddressForm(BaseAddressForm):
    """An address-book entry, checked by the address rules; `countries` are those the shop delivers to."""
