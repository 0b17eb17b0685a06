"""Forms of the account pages. Validation rules live in the services and in Django's auth."""

from django import forms
from django.db.models import Q
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField

from shopkeep.addresses.forms import AddressForm as BaseAddressForm
from shopkeep.customers.models import SHOE_SIZES, SOCK_SIZES, User
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
        # No "already exists": the answer is the same for a known address (the owner is emailed instead).
        return email_normalise(self.cleaned_data["email"])

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
        """Accounts with a usable password, found by blind index (email is encrypted at rest): active ones, and
        customer accounts never started (a reset link proves the address as well as the registration link)."""
        found = User.objects.with_email(email).filter(
            Q(is_active=True) | Q(is_active=False, is_staff=False, last_login__isnull=True))
        return (user for user in found if user.has_usable_password())

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


class PasswordCheckMixin:
    """A form that asks for the account's current password before it acts."""

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.", code="password_incorrect")
        return password


class EmailChangeForm(PasswordCheckMixin, forms.Form):
    new_email = forms.EmailField(label="New email address", max_length=254,
                                 widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label="Your current password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean_new_email(self) -> str:
        email = email_normalise(self.cleaned_data["new_email"])
        if email == self.user.email:
            raise forms.ValidationError("That is already your email address.", code="same_email")
        return email


class EraseAccountForm(PasswordCheckMixin, forms.Form):
    password = forms.CharField(label="Your password, to confirm it is you", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(label="Yes, erase my account and everything you hold about me", required=True)


class SizeProfileForm(forms.Form):
    """Optional size facts, kept only behind an unticked consent box (P-02)."""

    consent = forms.BooleanField(
        label="Remember my sizes and mark them on product pages. I can withdraw this at any time, which deletes them.",
        required=False, initial=False)
    shoe_size = forms.ChoiceField(label="Shoe size", choices=[("", "—"), *SHOE_SIZES], required=False)
    sock_size = forms.ChoiceField(label="Sock size", choices=[("", "—"), *SOCK_SIZES], required=False)

    def clean(self):
        cleaned = super().clean()
        sizes = cleaned.get("shoe_size") or cleaned.get("sock_size")
        if sizes and not cleaned.get("consent"):
            raise forms.ValidationError("Tick the box to let us keep your sizes, or leave the sizes empty.")
        if cleaned.get("consent") and not sizes:
            raise forms.ValidationError("Choose a shoe or sock size to remember, or untick the box.")
        return cleaned
