"""Prices, discounts, shipping zones and rates, and VAT: the one place an amount to pay is computed."""
