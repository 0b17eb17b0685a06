from shopkeep.conf import conf
from shopkeep.privacy.cookies import cookies_first_set_when
from shopkeep.storefront.page_cache import category_nav_versioned


def shop(request) -> dict:
    return {
        "shop_name": conf.shop_name,
        "cookieless": conf.cookieless,
        "cookies_first_set_when": cookies_first_set_when(),
        "nav_categories": lambda: category_nav_versioned(request),
    }
