"""The shop pages' default texts (Markdown subset), in force until the owner writes their own.

The facts around these texts (who runs the shop, rates, the return window, the legal withdrawal
instructions and the model form) are generated from the shop's settings, not written here.
"""

DEFAULT_PAGE_BODIES = {
    "contact": """# How to reach us
Write to us by email and we answer within two working days, Monday to Friday. Please give your order \
number if your question is about an order: you find it in your confirmation email.

If something arrived damaged or is not what you ordered, tell us within 14 days and we put it right \
at our cost.""",
    "terms": """# 1. Who you buy from
Your contract is with the company named on our [contact and imprint page](/contact/). These terms apply \
to every order placed in this shop by consumers.

# 2. Your order
The product pages are an invitation to order. When you place an order you make a binding offer; we \
accept it by sending the order confirmation by email. We keep the text of your contract: the \
confirmation email contains it, and you can open your order from the link in it at any time.

# 3. Prices and payment
All prices include VAT. Shipping costs are shown before you place the order and in the confirmation. \
We authorise your card when you place the order and charge it only when we dispatch the goods \
(goods delivered at once, such as digital items, are charged at checkout only if you agree).

# 4. Delivery
We deliver to the countries listed on our [shipping and returns page](/shipping-and-returns/), with \
the delivery times stated there. If an item is unexpectedly unavailable, we tell you at once and \
release the payment for it.

# 5. Right of withdrawal
As a consumer you may withdraw from the contract within 14 days without giving a reason. The details \
and the model withdrawal form are on our [right of withdrawal page](/withdrawal/).

# 6. Warranty
The statutory warranty rights for defects apply.

# 7. Disputes
We are not obliged and not willing to take part in dispute resolution proceedings before a consumer \
arbitration board. Please write to us first: most problems are solved by a short email.""",
    "shipping-returns": """# Packing and dispatch
We pack orders on working days and send them with the carrier of the method you choose at checkout. \
You receive an email when your parcel leaves us, with the tracking number.

# Returns and exchanges
Open your order from the link in your confirmation email and choose *Return or exchange*. Pack the \
items unworn and with their labels, put the return note inside and send the parcel to the return \
address on this page. We refund your card as soon as the parcel arrives, or send the other size.""",
    "withdrawal": """# Before you send anything back
The quickest way is the *Return or exchange* link on your order page; it counts as your statement of \
withdrawal. You may also write to us or use the form below.""",
}
