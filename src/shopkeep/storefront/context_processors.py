from django.core.cache import cache

from shopkeep.catalog.models import Category
from shopkeep.conf import conf

NAV_CACHE_KEY = "storefront:nav-categories"


def nav_categories() -> list[dict]:
    """Categories for the navigation (cached; invalidated when a category is saved)."""
    categories = cache.get(NAV_CACHE_KEY)
    if categories is None:
        categories = [{"name": c.name, "slug": c.slug} for c in Category.objects.all()]
        cache.set(NAV_CACHE_KEY, categories, 300)
    return categories


def shop(request) -> dict:
    return {
        "shop_name": conf.shop_name,
        "cookieless": conf.cookieless,
        "nav_categories": nav_categories,
    }
