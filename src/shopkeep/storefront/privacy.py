"""Data map of the storefront: the page-cache version is a counter, nothing personal."""

from shopkeep.privacy.registry import register
from shopkeep.storefront.models import PageVersion

register(PageVersion, description="the content version of the cached storefront pages", non_personal=["id", "value"])
