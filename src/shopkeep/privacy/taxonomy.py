"""The vocabulary of the data map: data categories, purposes (data uses) and legal bases.

Names follow the fideslang taxonomy (https://ethyca.github.io/fideslang/) so the record of
processing reads the same as other tools'; the sentences are ours, shown in the policy.
"""

CATEGORIES = {
    "user.name": "your name",
    "user.contact.email": "your email address",
    "user.contact.phone_number": "your phone number",
    "user.contact.address.street": "your street address",
    "user.contact.address.city": "your town or city",
    "user.contact.address.state": "your county, state or region",
    "user.contact.address.postal_code": "your postal code",
    "user.contact.address.country": "your country",
    "user.account.username": "your login (your email address)",
    "user.authorization.credentials": "your password, stored only as an Argon2id hash",
    "user.unique_id": "your customer number",
    "user.financial.bank_account": "your card's brand, last 4 digits and expiry date (never the full number or CVC)",
    "user.payment": "the payment token the payment gateway gave us for your card",
    "user.behavior.purchase_history": "what you ordered, when, and what you paid",
    "user.device.ip_address": "the IP address of your checkout attempt",
    "user.device.network": "the network you connected from (the address cut short) when a login or another "
                           "security check failed",
    "user.content.private": "what you wrote to us",
    "user.behavior.login": "when you opened your account and last logged in",
    "user.characteristic.size": "your shoe and sock size, only if you chose to save them",
}

PURPOSES = {
    "essential.service.operations": "to take, deliver and support your order",
    "essential.service.operations.support": "to answer your questions",
    "essential.service.payment_processing": "to take payment",
    "essential.service.authentication": "to let you log in",
    "essential.service.notifications": "to email you about your orders and account",
    "essential.service.security": "to stop fraud and account break-ins",
    "essential.legal_obligation": "to keep the records the law requires",
    "functional.service.improve": "to count visits without identifying anyone",
    "marketing.communications.email": "to send the newsletter you subscribed to",
    "marketing.promotion": "to give subscribers their coupons",
    "improve.system": "to learn from surveys you answered",
    "personalize.system": "to mark your size on product pages",
    "marketing.contest": "to run contests you enter",
}

LEGAL_BASES = {
    "contract": "needed to perform our contract with you (GDPR Art. 6(1)(b))",
    "legal_obligation": "required by law (GDPR Art. 6(1)(c))",
    "legitimate_interests": "our legitimate interest, balanced against yours (GDPR Art. 6(1)(f))",
    "consent": "your consent, which you can withdraw at any time (GDPR Art. 6(1)(a))",
}

# The legal bases as the policy's main text says them (the article numbers stay in the detail view).
BASES_PLAIN = {
    "contract": "contract",
    "legal_obligation": "legal duty",
    "legitimate_interests": "legitimate interest",
    "consent": "consent",
}

# What the legitimate interest is, for each purpose some field pursues on that basis (GDPR Art. 13(1)(d)).
LEGITIMATE_INTERESTS = {
    "essential.service.security": "stopping fraud and account break-ins",
    "essential.service.notifications": "proving which emails we sent",
    "essential.service.operations": "knowing who wrote which support message",
    "essential.service.operations.support": "answering you at the address you wrote from",
    "marketing.communications.email": "never emailing marketing to anyone who said no",
    "functional.service.improve": "counting visits without identifying anyone",
}

# Groups for the policy's sentences about purposes and periods (the detail view names each category).
CATEGORY_GROUPS = {  # in the order the policy names them
    "user.name": "your contact details",
    "user.contact.email": "your contact details",
    "user.contact.phone_number": "your contact details",
    "user.contact.address.street": "your contact details",
    "user.contact.address.city": "your contact details",
    "user.contact.address.state": "your contact details",
    "user.contact.address.postal_code": "your contact details",
    "user.contact.address.country": "your contact details",
    "user.account.username": "your account",
    "user.authorization.credentials": "your account",
    "user.unique_id": "your account",
    "user.behavior.login": "your account",
    "user.behavior.purchase_history": "your orders",
    "user.content.private": "your messages",
    "user.financial.bank_account": "your card's last digits",
    "user.payment": "your card's last digits",
    "user.device.ip_address": "your checkout's IP address",
    "user.characteristic.size": "the sizes you saved",
    "user.device.network": "shortened IP addresses of failed logins",
}

# Short names for the policy's sentences: the parts of an address are one thing to a reader.
CATEGORY_SHORT = {
    "user.contact.address.street": "your address",
    "user.contact.address.city": "your address",
    "user.contact.address.state": "your address",
    "user.contact.address.postal_code": "your address",
    "user.contact.address.country": "your address",
    "user.financial.bank_account": "your card's brand, last 4 digits and expiry",
    "user.payment": "a payment token",
    "user.authorization.credentials": "your password hash",
    "user.behavior.purchase_history": "your orders",
    "user.device.ip_address": "your checkout's IP address",
    "user.content.private": "what you write to us",
    "user.behavior.login": "your login dates",
    "user.account.username": "your email address",
}

ERASURE = {
    "delete": "deleted",
    "blank": "blanked",
    "marker": "replaced with a marker",
    "keep": "kept, because the law requires it",
}

DATA_SUBJECTS = {
    "customer": "the shop's customers (stated in the privacy policy)",
    "staff": "the shop's staff (left out of the customers' privacy policy)",
}
