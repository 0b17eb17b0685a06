from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from shopkeep.addresses.models import AbstractAddress
from shopkeep.privacy.crypto import blind_index
from shopkeep.privacy.fields import BlindIndexField, EncryptedEmailField
from shopkeep.references import reference_new

CUSTOMER_PREFIX = "C"


def new_customer_number() -> str:
    return reference_new(prefix=CUSTOMER_PREFIX, length=6)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def with_email(self, email: str):
        """Accounts with this email address, found through the blind index (the column is encrypted, P-15)."""
        return self.filter(email_index=blind_index(email))

    def get_by_natural_key(self, username):
        return self.get(email_index=blind_index(username or ""))

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A customer or staff account. Customers are known by their customer number (P-05)."""

    email = EncryptedEmailField(max_length=254)
    email_index = BlindIndexField(source="email", unique=True)
    name = models.CharField(max_length=150, blank=True)
    customer_number = models.CharField(max_length=16, unique=True, default=new_customer_number, editable=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.customer_number

    def get_short_name(self) -> str:
        return self.name or self.customer_number


class Address(AbstractAddress):
    """A postal address. Orders keep their own copies; `customer` is set for saved addresses only."""

    customer = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="addresses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "addresses"

    def copy(self, *, customer=None) -> "Address":
        """A new, saved copy (orders keep their own, so editing an address book entry never changes an order)."""
        return Address.objects.create(customer=customer, **self.as_dict())


SHOE_SIZES = [(f"EU {n}", f"EU {n}") for n in range(34, 49)]
SOCK_SIZES = [("S", "S (shoe size 35–38)"), ("M", "M (shoe size 39–42)"), ("L", "L (shoe size 43–46)")]


class SizeProfile(models.Model):
    """Shoe and sock size a customer chose to keep so that product pages suggest their size (P-02).

    Exists only while the customer's consent lasts: withdrawing it deletes the row.
    """

    customer = models.OneToOneField(User, on_delete=models.CASCADE, related_name="size_profile")
    shoe_size = models.CharField("shoe size", max_length=10, blank=True, choices=SHOE_SIZES)
    sock_size = models.CharField("sock size", max_length=2, blank=True, choices=SOCK_SIZES)
    consented_at = models.DateTimeField("consent given")

    def __str__(self) -> str:
        return f"size profile of {self.customer_id}"
