"""Template helpers available in every template (registered as builtins in settings)."""

from html import escape

from django import template
from django.http import QueryDict
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from shopkeep.cart.identity import CART_PARAM, SIGNATURE_FIELD, cart_in_url, cart_signature, cart_url
from shopkeep.catalog.pictures import product_image_path
from shopkeep.conf import conf
from shopkeep.http import reverse_cached, reverser
from shopkeep.money import Money
from shopkeep.storefront.page_cache import visitor_part

register = template.Library()


def _current_cart(context):
    cart = context.get("cart")
    if cart is None:
        request = context.get("request")
        cart = getattr(request, "cart", None) if request is not None else None
    return cart if cart else None


@register.simple_tag(takes_context=True)
def shop_url(context, name, *args, **query):
    """Like {% url %}, but in cookieless mode the link carries the cart token (P-07)."""
    if not query and not cart_in_url():
        return reverse_cached(name, *args)  # nothing to carry: the plain address (most links of most pages)
    params = {k: v for k, v in query.items() if v not in (None, "")}
    return cart_url(reverse_cached(name, *args), cart=_current_cart(context), query=params)


@register.simple_tag
def optional_url(name, *args):
    """Like `{% url name as var %}`: the page's address, or "" when there is no such page (remembered)."""
    try:
        return reverse_cached(name, *args)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def cart_fields(context):
    """Hidden inputs naming the cart and signing it: the CSRF protection of cart forms (a per-visitor part that
    the page cache fills in for each visitor)."""
    return visitor_part("cart-fields", _current_cart(context))


@register.simple_tag
def cart_badge(cart):
    """The number of items in the cart, next to the header's cart link (a per-visitor part)."""
    return visitor_part("cart-badge", cart or None)


@register.filter
def money(value, currency=None):
    """Format a Money, or a Decimal with a currency code."""
    if isinstance(value, Money):
        return str(value)
    if value is None or value == "":
        return ""
    return str(Money(value, currency or conf.currency))


@register.simple_tag(takes_context=True)
def cart_query_field(context):
    """In cookieless mode, a hidden input carrying the cart token through a GET form (search, sorting)."""
    cart = _current_cart(context)
    if not cart_in_url() or cart is None:
        return ""
    if not conf.cookieless:  # URL mode with cookies blocked: the signature travels too
        return format_html('<input type="hidden" name="{}" value="{}"><input type="hidden" name="{}" value="{}">',
                           CART_PARAM, cart.token, SIGNATURE_FIELD, cart_signature(cart.token))
    return format_html('<input type="hidden" name="{}" value="{}">', CART_PARAM, cart.token)


@register.simple_tag(takes_context=True)
def query_url(context, **changes):
    """The current page's address with some query parameters changed (pagination links)."""
    request = context["request"]
    params = QueryDict(mutable=True)
    for key, values in request.GET.lists():  # a copy of the query (cheaper than QueryDict.copy's deep copy)
        params.setlist(key, values)
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return cart_url(request.path, cart=_current_cart(context), query=params)


@register.simple_tag
def product_image_url(product, width=640):
    """The product picture's address: its first uploaded picture, else its drawing, versioned for long caching."""
    return product_image_path(product, width=width)


# One product tile: the markup every product grid repeats (home, category, search); rendered in Python, as one tag
# per grid, because a grid of 24 tiles through the template engine cost more than all the rest of the page.
TILE = """<li class="tile">
  <img class="tile-image" src="{image}" alt="{name}" width="400" height="400" loading="lazy">
  <div class="tile-body">
    <h{heading} class="tile-name"><a href="{url}">{name}</a></h{heading}>
    {category}
    <div class="tile-meta">
      <span class="price">{price_from}{price}</span>
      {stock}
    </div>
  </div>
</li>
"""
PRICE_FROM = '<span class="price-from">from </span>'
SOLD_OUT = '<span class="stock-out">Sold out</span>'
IN_STOCK = '<span class="stock-ok">In stock</span>'


@register.simple_tag(takes_context=True)
def product_tiles(context, products, heading=3, show_category=False):
    """The tiles of a product grid (products from catalog.search: with min_price, max_price and total_stock);
    `heading` is the level of each tile's product name, `show_category` adds the category's name. Every value is
    plain text from the catalogue, escaped here as the template engine would."""
    cart = _current_cart(context) if cart_in_url() else None
    heading = int(heading or 3)
    low_stock = context.get("low_stock_limit") or 3
    currency = conf.currency
    reverse = reverser()
    tiles = []
    for product in products:
        name = escape(product.name)
        stock = product.total_stock
        if not stock:
            stock_html = SOLD_OUT
        elif stock <= low_stock:
            stock_html = f'<span class="stock-low">Only {escape(str(stock))} left</span>'
        else:
            stock_html = IN_STOCK
        url = reverse("catalog:product", product.slug)
        if cart is not None:
            url = cart_url(url, cart=cart)
        price = product.min_price
        tiles.append(TILE.format(
            image=escape(product_image_path(product, reverse=reverse)),
            name=name,
            heading=heading,
            url=escape(url),
            category=f'<p class="tile-category">{escape(product.category.name)}</p>' if show_category else "",
            price_from=PRICE_FROM if product.max_price != price else "",
            price=escape(str(Money(price, currency))) if price is not None and price != "" else "",
            stock=stock_html,
        ))
    return mark_safe("".join(tiles))  # noqa: S308 (every value above is escaped)


# Parts of every page's frame (the header's category menu, the footer): each is rendered from the inputs listed
# here alone, never from the page's context, so its output is a function of them and is remembered per process.
# Links that carry a visitor's cart in the address (cookieless mode) make the part that visitor's own: rendered
# every time, never remembered.
CHROME_INPUTS = {
    "storefront/includes/category_nav.html": ("nav_categories", "current_category"),
    "storefront/includes/site_footer.html": ("shop_name", "cookieless", "cookies_first_set_when", "nav_categories",
                                             "year"),
}
CHROME_REMEMBERED = 256
_chrome_rendered: dict = {}


def _chrome_input(context, name):
    if name == "year":
        return timezone.localtime().year
    value = context.get(name)
    return value() if callable(value) else value  # as the template engine does (the menu is computed lazily)


@register.simple_tag(takes_context=True)
def site_chrome(context, template_name):
    """Render a part of the page frame (CHROME_INPUTS) from its inputs; the same inputs give the same markup."""
    inputs = {name: _chrome_input(context, name) for name in CHROME_INPUTS[template_name]}
    cart = _current_cart(context) if cart_in_url() else None
    if cart is not None:
        return get_template(template_name).render({**inputs, "cart": cart})
    key = (template_name, get_script_prefix(), get_urlconf(), repr(inputs))
    markup = _chrome_rendered.get(key)
    if markup is None:
        markup = get_template(template_name).render(inputs)
        if len(_chrome_rendered) >= CHROME_REMEMBERED:
            _chrome_rendered.clear()
        _chrome_rendered[key] = markup
    return markup
