"""The countries the checkout offers (demo: the UK, the US and the EU); methods and rates are shop data in pricing."""

from shopkeep.pricing.defaults import EU_COUNTRIES as EU

COUNTRIES = dict(sorted({**EU, "GB": "United Kingdom", "US": "United States"}.items(), key=lambda item: item[1]))
