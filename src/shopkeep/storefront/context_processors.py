from shopkeep.catalog.selectors import category_nav
from shopkeep.conf import conf
from shopkeep.privacy.cookies import cookies_first_set_when


def shop(request) -> dict:
    return {
        "shop_name": conf.shop_name,
        "cookieless": conf.cookieless,
        "cookies_first_set_when": cookies_first_set_when(),
        "nav_categories": category_nav,
    }
