from shopkeep.catalog.selectors import category_nav
from shopkeep.conf import conf


def shop(request) -> dict:
    return {
        "shop_name": conf.shop_name,
        "cookieless": conf.cookieless,
        "nav_categories": category_nav,
    }
