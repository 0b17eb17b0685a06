from shopkeep.conf import conf
from shopkeep.privacy.cookies import cookies_first_set_when
from shopkeep.storefront.page_cache import category_nav_versioned


def shop(request) -> dict:
    menu = []

    def nav_categories() -> list[dict]:  # read when a template first asks for it, then kept for the request
        if not menu:
            menu.append(category_nav_versioned(request))
        return menu[0]

    return {
        "shop_name": conf.shop_name,
        "cookieless": conf.cookieless,
        "cookies_first_set_when": cookies_first_set_when(),
        "nav_categories": nav_categories,
    }
