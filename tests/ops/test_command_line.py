"""The `shopkeep` command: clear sentences on bad configuration, a working default with none."""

import sqlite3
import stat

import pytest

from tests.ops.processes import shopkeep, shopkeep_env


@pytest.mark.parametrize(
    "variable, value, sentence",
    [
        (
            "SHOPKEEP_DATABASE_URL",
            "mysql://shop@db.example/shop",
            "SHOPKEEP_DATABASE_URL must start with postgresql:// or sqlite://, not mysql://.",
        ),
        ("SHOPKEEP_COOKIES", "all", "SHOPKEEP_COOKIES must be 'necessary' or 'none', not 'all'."),
        (
            "SHOPKEEP_EMAIL_URL",
            "http://mail.example",
            "SHOPKEEP_EMAIL_URL must start with smtp://, submission:// or smtps://, not http://.",
        ),
        (
            "SHOPKEEP_RETURN_WINDOW_DAYS",
            "two weeks",
            "SHOPKEEP_RETURN_WINDOW_DAYS must be a whole number above zero, not 'two weeks'.",
        ),
    ],
)
def test_shopkeep_exits_non_zero_with_a_sentence_on_bad_configuration(tmp_path, variable, value, sentence):
    # given
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(tmp_path), **{variable: value})

    # when
    result = shopkeep("check", env=env)

    # then
    assert result.returncode == 1
    assert result.stderr == f"shopkeep: {sentence}\n"
    assert result.stdout == ""


@pytest.mark.promise("P-15")
def test_with_no_settings_shopkeep_keeps_its_data_in_var(tmp_path):
    # given: a working directory and no SHOPKEEP_* variable at all
    env = shopkeep_env()

    # when
    migrated = shopkeep("migrate", "--verbosity", "0", env=env, cwd=tmp_path)
    emailed = shopkeep("sendtestemail", "someone@example.com", env=env, cwd=tmp_path)

    # then
    assert (migrated.returncode, migrated.stderr) == (0, "")
    assert (emailed.returncode, emailed.stderr) == (0, "")
    var = tmp_path / "var"
    with sqlite3.connect(var / "shopkeep.sqlite3") as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert stat.S_IMODE((var / "secret_key").stat().st_mode) == 0o600
    assert stat.S_IMODE((var / "keys" / "0001.key").stat().st_mode) == 0o600
    assert stat.S_IMODE((var / "keys" / "index.key").stat().st_mode) == 0o600
    assert [path.suffix for path in (var / "outbox").iterdir()] == [".eml"]


def test_a_period_the_policy_states_is_set_from_the_environment(tmp_path):
    # given the shop keeps checkout IP addresses for 30 days
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(tmp_path), SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS="30")

    # when the privacy policy is printed
    result = shopkeep("privacy_policy", env=env)

    # then it states that period
    assert (result.returncode, result.stderr) == (0, "")
    assert "Kept for 30 days after the checkout attempt." in result.stdout
