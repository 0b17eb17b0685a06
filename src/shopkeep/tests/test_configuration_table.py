"""One table of SHOPKEEP_* variables: read in one module, documented from the table, used through conf."""

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from shopkeep import environment
from shopkeep.conf import ShopConf, conf
from shopkeep.environment import TABLE, ConfigurationError

SOURCE = Path(__file__).resolve().parents[1]
README = SOURCE.parents[1] / "README.md"
ENVIRONMENT_FUNCTIONS = {"environ", "getenv", "getenvb", "putenv", "unsetenv", "environb"}
# Variables settings.py turns into Django's own settings instead of settings of their own name.
FEEDS_DJANGO = {"SHOPKEEP_DATABASE_URL", "SHOPKEEP_REDIS_URL", "SHOPKEEP_SECRET_KEY", "SHOPKEEP_DEBUG",
                "SHOPKEEP_ALLOWED_HOSTS", "SHOPKEEP_EMAIL_URL", "SHOPKEEP_FROM_EMAIL"}
# Settings derived in settings.py from other values, not read from the environment.
DERIVED = {"SHOPKEEP_OUTBOX_DIR", "SHOPKEEP_KEYS_DIR"}


def _application_modules():
    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" not in path.relative_to(SOURCE).parts:
            yield path


def _is_django_bootstrap(node: ast.AST) -> bool:
    """os.environ.setdefault("DJANGO_...", ...): how wsgi.py and the command pick Django's settings module."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "setdefault"
            and bool(node.args) and isinstance(node.args[0], ast.Constant)
            and str(node.args[0].value).startswith("DJANGO_"))


def environment_reads(path: Path, *, root: Path = SOURCE) -> list[str]:
    """'file:line' of every use of os.environ / os.getenv (and friends) in `path`, Django's bootstrap aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = {id(call.func.value) for call in ast.walk(tree) if _is_django_bootstrap(call)}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT_FUNCTIONS
                and isinstance(node.value, ast.Name) and node.value.id == "os" and id(node) not in allowed):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            if {alias.name for alias in node.names} & ENVIRONMENT_FUNCTIONS:
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_only_the_environment_module_reads_the_environment():
    # given every application module of shopkeep (tests drive child processes and are left out)
    modules = [path for path in _application_modules() if path.name != "environment.py" or path.parent != SOURCE]
    # when each is searched for os.environ and os.getenv
    reads = [place for path in modules for place in environment_reads(path)]
    # then none reads the environment: shopkeep/environment.py does, from its table
    assert reads == []


def test_the_search_for_environment_reads_finds_them(tmp_path):
    module = tmp_path / "sneaky.py"
    module.write_text('import os\nfrom os import getenv\nKEY = os.environ.get("SHOPKEEP_INDEX_KEY")\n'
                      'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopkeep.settings")\n')
    assert sorted(environment_reads(module, root=tmp_path)) == ["sneaky.py:2", "sneaky.py:3"]


def test_the_readme_configuration_table_is_generated_from_the_table():
    # given the README's configuration table
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| variable | default | meaning |")
    end = next(i for i in range(start, len(lines) + 1) if i == len(lines) or not lines[i].startswith("|"))
    documented = "\n".join(lines[start:end]) + "\n"
    # then it is exactly the table of shopkeep/environment.py
    assert documented == environment.readme_table(), (
        "README.md's configuration table differs from shopkeep/environment.py; replace it with the output of\n"
        "  .venv/bin/python -c 'from shopkeep.environment import readme_table; print(readme_table(), end=\"\")'"
    )


def test_every_variable_of_the_table_is_a_django_setting():
    # every row not turned into one of Django's own settings is a setting of its own name
    assert sorted(name for name in set(TABLE) - FEEDS_DJANGO if not hasattr(django_settings, name)) == []


def test_every_shopkeep_setting_the_code_reads_comes_from_the_table():
    used = {name for path in _application_modules() if path.name != "settings.py"
            for name in re.findall(r"\bsettings\.(SHOPKEEP_[A-Z0-9_]+)", path.read_text(encoding="utf-8"))}
    assert sorted(used - set(TABLE) - DERIVED) == []


def test_every_conf_value_the_code_uses_is_a_row_or_a_derived_value():
    used = {name for path in _application_modules() if path.name != "conf.py"
            for name in re.findall(r"\bconf\.([a-z_][a-z0-9_]*)", path.read_text(encoding="utf-8"))}
    unknown = sorted(name for name in used - {"conf"}
                     if not hasattr(ShopConf, name) and f"SHOPKEEP_{name.upper()}" not in TABLE)
    assert unknown == []


def test_conf_returns_the_setting_of_a_row_and_refuses_a_name_with_no_row(settings):
    settings.SHOPKEEP_RETURN_WINDOW_DAYS = 30
    assert conf.return_window_days == 30
    with pytest.raises(AttributeError, match="no row SHOPKEEP_RETURN_WINDOW_WEEKS in the table"):
        conf.return_window_weeks  # noqa: B018


@pytest.mark.parametrize(
    "name, text, value",
    [
        ("SHOPKEEP_RETURN_WINDOW_DAYS", " 30 ", 30),
        ("SHOPKEEP_RETURN_WINDOW_DAYS", "", 14),
        ("SHOPKEEP_FRAUD_MAX_DECLINES_PER_HOUR", "0", 0),
        ("SHOPKEEP_FRAUD_ORDER_VALUE_LIMIT", "99.95", Decimal("99.95")),
        ("SHOPKEEP_ANALYTICS_FLUSH_INTERVAL", "0", 0.0),
        ("SHOPKEEP_DATA_KEYS", "new-key, old-key,", ["new-key", "old-key"]),
        ("SHOPKEEP_DATA_KEYS", "", None),
        ("SHOPKEEP_ALLOWED_HOSTS", "shop.example", ["shop.example"]),
        ("SHOPKEEP_CURRENCY", "GBP", "GBP"),
        ("SHOPKEEP_REDIS_URL", "redis://cache:6379/0", "redis://cache:6379/0"),
        ("SHOPKEEP_COOKIE_GUARD", "", None),
    ],
)
def test_a_variable_is_read_by_its_kind_or_defaults(name, text, value):
    assert environment.read(name, {name: text}) == value


@pytest.mark.parametrize(
    "name, text, sentence",
    [
        ("SHOPKEEP_RETURN_WINDOW_DAYS", "two weeks",
         "SHOPKEEP_RETURN_WINDOW_DAYS must be a whole number above zero, not 'two weeks'."),
        ("SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS", "0",
         "SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS must be a whole number above zero, not '0'."),
        ("SHOPKEEP_AUDIT_RETENTION_DAYS", "90", "SHOPKEEP_AUDIT_RETENTION_DAYS must be a whole number of days, 365 or "
         "more (the audit log keeps a year at least), not '90'."),
        ("SHOPKEEP_FRAUD_MAX_ORDERS_PER_HOUR", "-1",
         "SHOPKEEP_FRAUD_MAX_ORDERS_PER_HOUR must be a whole number, zero or above, not '-1'."),
        ("SHOPKEEP_FRAUD_ORDER_VALUE_LIMIT", "1,000",
         "SHOPKEEP_FRAUD_ORDER_VALUE_LIMIT must be an amount above zero such as 1000 or 99.95, not '1,000'."),
        ("SHOPKEEP_ANALYTICS_FLUSH_INTERVAL", "-5",
         "SHOPKEEP_ANALYTICS_FLUSH_INTERVAL must be a number, zero or above, not '-5'."),
        ("SHOPKEEP_CURRENCY", "euro",
         "SHOPKEEP_CURRENCY must be a three-letter ISO 4217 currency code such as EUR, not 'euro'."),
        ("SHOPKEEP_IMMEDIATE_CAPTURE", "sometimes",
         "SHOPKEEP_IMMEDIATE_CAPTURE must be true or false, not 'sometimes'."),
        ("SHOPKEEP_REDIS_URL", "http://cache:6379",
         "SHOPKEEP_REDIS_URL must start with redis://, rediss:// or unix://, not http://."),
        ("SHOPKEEP_BASE_URL", "shop.example", "SHOPKEEP_BASE_URL must start with http:// or https://, not ://."),
        ("SHOPKEEP_BASE_URL", "http://[::1", "SHOPKEEP_BASE_URL is not a URL shopkeep can read: 'http://[::1'."),
        ("SHOPKEEP_DATABASE_URL", "postgresql://[db",
         "SHOPKEEP_DATABASE_URL is not a URL shopkeep can read: 'postgresql://[db'."),
    ],
)
def test_a_bad_value_is_refused_with_a_sentence_naming_the_variable(name, text, sentence):
    with pytest.raises(ConfigurationError) as refused:
        environment.read(name, {name: text})
    assert str(refused.value) == sentence


@pytest.mark.parametrize(
    "kind, text, value",
    [
        (environment.NETWORKS, "10.0.0.1, 192.168.0.0/16,2001:db8::/32",
         ["10.0.0.1/32", "192.168.0.0/16", "2001:db8::/32"]),
        (environment.COUNTRY, "DE", "DE"),
    ],
)
def test_the_kinds_ready_for_new_rows_read_their_values(kind, text, value):
    row = environment.Variable("SHOPKEEP_EXAMPLE", kind, None, "an example")
    assert environment.value_of(row, text) == value


@pytest.mark.parametrize(
    "kind, text, sentence",
    [
        (environment.NETWORKS, "10.0.0.1,proxy.example",
         "SHOPKEEP_EXAMPLE must be IP addresses or networks such as 10.0.0.0/8, comma-separated, "
         "not '10.0.0.1,proxy.example'."),
        (environment.COUNTRY, "Germany", "SHOPKEEP_EXAMPLE must be a two-letter ISO 3166 country code such as DE, "
                                         "not 'Germany'."),
    ],
)
def test_the_kinds_ready_for_new_rows_refuse_bad_values(kind, text, sentence):
    row = environment.Variable("SHOPKEEP_EXAMPLE", kind, None, "an example")
    with pytest.raises(ConfigurationError) as refused:
        environment.value_of(row, text)
    assert str(refused.value) == sentence


def test_a_row_is_all_it_takes_to_add_a_setting(monkeypatch):
    # given a new row in the table
    row = environment.Variable("SHOPKEEP_GIFT_WRAP_PRICE", environment.AMOUNT, "2.50", "what gift wrapping costs")
    monkeypatch.setitem(TABLE, row.name, row)
    monkeypatch.setattr(environment, "VARIABLES", (*environment.VARIABLES, row))
    # then it is read, checked and documented
    assert environment.read_all({"SHOPKEEP_GIFT_WRAP_PRICE": "3"})["SHOPKEEP_GIFT_WRAP_PRICE"] == Decimal("3")
    assert environment.readme_table().endswith("| `SHOPKEEP_GIFT_WRAP_PRICE` | `2.50` | what gift wrapping costs |\n")
