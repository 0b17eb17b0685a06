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
    "essential.service.operations.support": "to answer your questions and support requests",
    "essential.service.payment_processing": "to take payment for your order",
    "essential.service.authentication": "to let you log in to your account",
    "essential.service.notifications": "to email you about your order and your account",
    "essential.service.security": "to protect you and the shop against fraud",
    "essential.legal_obligation": "to keep the records accounting law requires",
    "functional.service.improve": "to count visits without identifying anyone",
    "marketing.communications.email": "to send you our newsletter, only if you asked for it and confirmed",
    "marketing.promotion": "to give newsletter subscribers the coupons they were promised, once each",
    "improve.system": "to improve the shop from the surveys you chose to answer",
    "personalize.system": "to mark your size on product pages, only while you allow it",
    "marketing.contest": "to run the contests you entered: draw the winners fairly and tell them",
}

LEGAL_BASES = {
    "contract": "needed to perform our contract with you (GDPR Art. 6(1)(b))",
    "legal_obligation": "required by law (GDPR Art. 6(1)(c))",
    "legitimate_interests": "our legitimate interest, balanced against yours (GDPR Art. 6(1)(f))",
    "consent": "your consent, which you can withdraw at any time (GDPR Art. 6(1)(a))",
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
