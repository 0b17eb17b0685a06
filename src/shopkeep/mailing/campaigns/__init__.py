"""Newsletter campaigns, subscriber coupons and opt-in surveys (P-30): the marketing side of mailing."""
