"""The campaign rate and batch size come from the environment; bad values are refused with a sentence."""

import pytest

from shopkeep import environment


@pytest.mark.parametrize("value", ["abc", "0", "-5", "inf", "nan"])
def test_a_campaign_rate_that_is_not_a_positive_number_is_refused(monkeypatch, value):
    # given
    monkeypatch.setenv("SHOPKEEP_CAMPAIGN_RATE", value)
    # when
    with pytest.raises(environment.ConfigurationError) as refused:
        environment.read("SHOPKEEP_CAMPAIGN_RATE")
    # then
    assert str(refused.value) == f"SHOPKEEP_CAMPAIGN_RATE must be a number above zero, not {value!r}."


@pytest.mark.parametrize(("value", "expected"), [("", 20.0), ("2.5", 2.5), (" 100 ", 100.0)])
def test_a_campaign_rate_is_read_or_defaults(monkeypatch, value, expected):
    # given
    monkeypatch.setenv("SHOPKEEP_CAMPAIGN_RATE", value)
    # when / then
    assert environment.read("SHOPKEEP_CAMPAIGN_RATE") == expected
