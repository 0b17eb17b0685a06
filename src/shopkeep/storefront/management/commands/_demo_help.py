"""The demo help center: categories and articles that describe how this shop really works.

The delivery article is generated from the shipping zones and rates (`delivery_article_body`), the
returns article from the return window, so they stay true when those settings change.
"""

from shopkeep.pricing.selectors import delivery_countries, shipping_methods_for
from shopkeep.conf import conf
from shopkeep.privacy.retention import period_text

# (slug, name) in the order shown
CATEGORIES = [
    ("delivery", "Delivery"),
    ("returns", "Returns and exchanges"),
    ("payment", "Payment"),
    ("sizes", "Sizes"),
    ("privacy", "Privacy and your data"),
]


def delivery_zones(*, currency: str) -> list[tuple[list[str], list]]:
    """(country names, their shipping methods) for each group of countries with the same methods and prices,
    cheapest first. Reads only the shipping data's public functions, so it follows wherever that data lives."""
    groups: dict[tuple, list[str]] = {}
    methods_of: dict[tuple, list] = {}
    for code, name in delivery_countries().items():
        methods = shipping_methods_for(country=code, currency=currency)
        key = tuple((m.code, m.price.amount, m.delivery) for m in methods)
        if key:
            groups.setdefault(key, []).append(name)
            methods_of[key] = methods
    zones = [(names, methods_of[key]) for key, names in groups.items()]
    return sorted(zones, key=lambda zone: (min(m.price.amount for m in zone[1]), zone[0]))


def delivery_article_body(*, currency: str) -> str:
    """The delivery article: each zone's methods with their delivery times and prices."""
    lines = ["We deliver to the countries below. The price of delivery is shown in your cart and at checkout, "
             "before you pay, and it is the same whatever you order.", ""]
    for countries, methods in delivery_zones(currency=currency):
        if len(countries) > 3:
            lines += [f"# {len(countries)} countries of Europe", ", ".join(countries) + ".", ""]
        else:
            lines.append(f"# {' and '.join(countries)}")
        lines += [f"- **{m.name}**: {m.price}, {m.delivery}" for m in methods]
        lines.append("")
    lines += ["Delivery times are counted from the day we dispatch your parcel; we dispatch on working days. "
              "When your order leaves us you get an email with the carrier and the tracking number.", "",
              "We don't deliver to other countries yet. If you live elsewhere, [ask us](/help/contact/) and "
              "we'll let you know when we do."]
    return "\n".join(lines)


def demo_articles() -> list[dict]:
    """Every demo article: category slug, slug, title, body (safe Markdown subset) and position."""
    days = conf.return_window_days
    return [
        {"category": "delivery", "slug": "delivery-times-and-costs", "title": "Delivery times and costs",
         "body": delivery_article_body(currency=conf.currency)},
        {"category": "delivery", "slug": "tracking-your-parcel", "title": "Tracking your parcel",
         "body": "When we dispatch your order we email you the carrier and the tracking number. If you have an "
                 "account, you also find them under [Your orders](/account/orders/).\n\n"
                 "If an order is sent in more than one parcel, each parcel gets its own email and tracking "
                 "number.\n\nA parcel that hasn't arrived five working days after the expected date? "
                 "[Write to us](/help/contact/) with your order number and we'll find it or send a replacement."},
        {"category": "returns", "slug": "returns-and-exchanges", "title": "Returns and exchanges",
         "body": f"You can return anything you bought within **{days} days of delivery**, for a refund or for "
                 "another size.\n\n# How to return\n"
                 "- Open the link in your order confirmation email, or your order under "
                 "[Your orders](/account/orders/), and choose **Return or exchange items**.\n"
                 "- Pick the items and quantities, and say whether you want your money back or another size.\n"
                 "- Send the items back to us in their original condition.\n\n"
                 "# Refunds\nWhen the goods arrive we refund the amount you paid for them to the card you paid "
                 "with. We only refund what was actually charged, so nothing is refunded for items we never "
                 "dispatched: those were never charged.\n\n# Exchanges\nAn exchange for another size is sent as "
                 "soon as your return arrives, at no extra delivery cost."},
        {"category": "returns", "slug": "damaged-or-wrong-item", "title": "A damaged or wrong item",
         "body": "We're sorry! [Write to us](/help/contact/) with your order number and a few words about what "
                 "is wrong. We'll send a replacement or refund you, and you don't pay for returning it."},
        {"category": "payment", "slug": "payment-and-when-you-are-charged", "title": "Payment and when you are charged",
         "body": "We accept the major debit and credit cards. Your card details go straight to our payment "
                 "provider: we never see or store your card number.\n\n# When you are charged\n"
                 "- **At checkout** your card is only *authorised*: the amount is reserved, not taken.\n"
                 "- **When we dispatch** your order, we charge exactly what we send. If part of your order is "
                 "sent later, each parcel is charged when it leaves us.\n"
                 "- If we cancel an order, or something can't be sent, the reservation is released and you are "
                 "never charged for it.\n\nA few products that are delivered at once may be charged at checkout, "
                 "but only if you tick the box that asks you to agree.\n\n"
                 "# We never ask for your card by email\nWe will never ask for your password or your card "
                 "number by email or on the phone."},
        {"category": "sizes", "slug": "size-guide", "title": "Size guide",
         "body": "# Socks\n- **S**: shoe sizes EU 35–38\n- **M**: EU 39–42\n- **L**: EU 43–46\n\n"
                 "# Shoes\nOur shoes come in EU sizes 36 to 46 and fit true to size. Between two sizes? Take the "
                 "larger one.\n\n# Dresses and tights\nSizes XS to XL. Each product page says how the item "
                 "fits.\n\n# Gloves\n- **S/M**: hand circumference up to 20 cm\n- **L/XL**: above 20 cm\n\n"
                 "Wrong size? You can [exchange it](/help/articles/returns-and-exchanges/) for another one."},
        {"category": "privacy", "slug": "privacy-and-your-rights", "title": "Privacy and how to exercise your rights",
         "body": "We collect only what we need to sell and deliver your order, and we set no cookie until you "
                 "add something to your cart. Our [privacy notice](/privacy/) says what we keep, why, and for how "
                 "long.\n\n# Your rights\nYou may ask us at any time to:\n- see the personal data we hold about "
                 "you, or receive a copy of it;\n- correct it;\n- delete it (we keep only what accounting law "
                 "requires, such as invoices);\n- stop using it for anything based on our legitimate interests "
                 "or your consent.\n\nTo do so, [write to us](/help/contact/): we answer within one month, "
                 "usually much sooner. If you have an account, you can change your name and addresses yourself "
                 "under [Your account](/account/).\n\n# Newsletter\nWe send the newsletter only if you asked "
                 "for it and confirmed your address. Every issue has a one-click unsubscribe link."},
        {"category": "privacy", "slug": "your-questions-and-our-answers", "title": "What happens to your questions",
         "body": "When you write to us, we use your email address and your message only to answer you. Writing to "
                 "us never subscribes you to anything. Only our customer service team and the owner can read "
                 f"your request, and it is deleted {period_text(conf.support_ticket_retention_days)} after it "
                 "was closed."},
    ]
