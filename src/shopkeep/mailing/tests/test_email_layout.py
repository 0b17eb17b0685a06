"""The base email layout every customer email extends: the P-17 promise in every footer, plain text unescaped."""

import pytest
from django.template import engines

from shopkeep.mailing.services import email_send

P17 = "We will never ask you for your password or your card number by email."


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render({"shop_name": "Sock Shop", "base_url": "https://s.example",
                                                         **context})


@pytest.mark.promise("P-17")
@pytest.mark.parametrize("layout", ["mailing/email/base.txt", "mailing/email/base.html"])
def test_the_footer_of_every_email_says_we_never_ask_for_passwords_or_card_numbers(layout):
    # when
    body = render(f'{{% extends "{layout}" %}}{{% block content %}}Hello{{% endblock %}}')

    # then
    assert "Hello" in body
    assert P17 in body
    assert body.index("Hello") < body.index(P17)


def test_the_plain_text_layout_does_not_html_escape():
    # when
    body = render('{% extends "mailing/email/base.txt" %}{% block content %}{{ name }}{% endblock %}',
                  name="Fish & Chips <Ltd>")

    # then
    assert body.startswith("Fish & Chips <Ltd>")


def test_the_html_layout_escapes():
    # when
    body = render('{% extends "mailing/email/base.html" %}{% block content %}{{ name }}{% endblock %}',
                  name="<script>x</script>")

    # then
    assert "&lt;script&gt;" in body and "<script>" not in body


def test_the_html_layout_loads_nothing_from_another_host():
    # when
    body = render('{% extends "mailing/email/base.html" %}{% block content %}Hi{% endblock %}')

    # then
    assert "<img" not in body and "<link" not in body and "<script" not in body


def test_an_undeclared_kind_of_email_is_refused():
    # when / then
    with pytest.raises(ValueError, match="Unknown email kind 'flyer'"):
        email_send(kind="flyer", to="a@example.com", subject="Hi", template="mailing/email/base", context={})
