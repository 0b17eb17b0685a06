"""The help center: articles in ordered categories, a search over title and text in any case, and article
text in the safe Markdown subset where scripts, javascript: links and attribute injection stay text."""

import pytest
from django.urls import reverse

from shopkeep.support.selectors import help_articles_search
from shopkeep.support.tests.factories import article_create, category_create

pytestmark = pytest.mark.django_db


def test_categories_and_their_articles_are_listed_in_the_order_staff_gave_them(client):
    # given
    payment, delivery = category_create(name="Payment", position=2), category_create(name="Delivery", position=1)
    article_create(title="When you are charged", category=payment)
    article_create(title="Express delivery", category=delivery, position=2)
    article_create(title="Delivery costs", category=delivery, position=1)
    article_create(title="A draft nobody sees", category=delivery, published=False)
    category_create(name="Empty category")
    # when
    page = client.get(reverse("support:help")).content.decode()
    # then
    order = [page.index(text) for text in ("Delivery", "Delivery costs", "Express delivery", "Payment",
                                           "When you are charged")]
    assert order == sorted(order)
    assert "A draft nobody sees" not in page and "Empty category" not in page


def test_search_finds_every_word_in_title_or_text_in_any_case_title_matches_first():
    # given
    article_create(title="Returns and exchanges", body="Send it back within 14 days.")
    article_create(title="Sizes", body="Exchange a pair for another size, or RETURN it.")
    article_create(title="Payment", body="Charged at dispatch.")
    article_create(title="Größentabelle", body="Schuhgrößen von 36 bis 46.")
    article_create(title="Returns draft", body="return", published=False)
    # when / then
    assert [a.title for a in help_articles_search(query="RETURN")] == ["Returns and exchanges", "Sizes"]
    assert [a.title for a in help_articles_search(query="exchange return")] == ["Returns and exchanges", "Sizes"]
    assert [a.title for a in help_articles_search(query="return dispatch")] == []
    assert [a.title for a in help_articles_search(query="GRÖSSENTABELLE")] == ["Größentabelle"]
    assert [a.title for a in help_articles_search(query="schuhgrößen")] == ["Größentabelle"]
    assert len(help_articles_search(query="   ")) == 4


def test_the_search_page_shows_results_and_says_so_when_nothing_matches(client):
    # given
    article = article_create(title="Delivery times", body="Two to three working days.")
    # when
    found = client.get(reverse("support:help"), {"q": "WORKING days"}).content.decode()
    nothing = client.get(reverse("support:help"), {"q": "<b>unicorn</b>"}).content.decode()
    # then
    assert "1 answer for “WORKING days”" in found and article.get_absolute_url() in found
    assert "No answer found for “&lt;b&gt;unicorn&lt;/b&gt;”" in nothing and "<b>unicorn" not in nothing
    assert f'href="{reverse("support:contact")}"' in nothing


def test_an_article_page_renders_the_markdown_subset_and_an_unknown_or_draft_article_is_404(client):
    # given
    article = article_create(title="Returns", body="# How\n- **Open** the [returns page](/help/articles/x/)\n"
                                                   "- read *this* [notice](https://example.org/a)")
    draft = article_create(published=False)
    # when
    page = client.get(article.get_absolute_url()).content.decode()
    # then
    assert ('<h2>How</h2>\n<ul>\n<li><strong>Open</strong> the <a href="/help/articles/x/">returns page</a></li>\n'
            '<li>read <em>this</em> <a href="https://example.org/a" rel="noopener noreferrer" data-external>notice'
            '<span class="external-mark">') in page  # the link leaving the shop is marked (P-42)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("support:article", args=["no-such-article"])).status_code == 404


@pytest.mark.parametrize(("body", "shown"), [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
    ("[click](JaVaScRiPt:alert(1))", "<p>[click](JaVaScRiPt:alert(1))</p>"),
    ("[click](data:text/html;base64,PHNjcmlwdD4=)", "<p>[click](data:text/html;base64,PHNjcmlwdD4=)</p>"),
    ('[x](https://example.org/" onmouseover="alert(1))',
     "<p>[x](https://example.org/&quot; onmouseover=&quot;alert(1))</p>"),
    ("[x](/a\" onclick='alert(1)')", "<p>[x](/a&quot; onclick=&#x27;alert(1)&#x27;)</p>"),
    ("[x](//evil.example/)", "<p>[x](//evil.example/)</p>"),
    ("[x](/\\evil.example/)", "<p>[x](/\\evil.example/)</p>"),
    ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>"),
    ("[<b>bold</b>](/help/)", '<p><a href="/help/">&lt;b&gt;bold&lt;/b&gt;</a></p>'),
])
def test_article_text_that_tries_to_run_code_or_leave_the_shop_unseen_stays_text(client, body, shown):
    # given
    article = article_create(body=body)
    # when
    page = client.get(article.get_absolute_url()).content.decode()
    # then
    assert str(article.body_html) == shown
    assert shown in page


def test_the_footer_links_the_help_center_and_the_contact_form(client):
    footer = client.get("/").content.decode().split("<footer", 1)[1]
    assert f'href="{reverse("support:help")}"' in footer and f'href="{reverse("support:contact")}"' in footer
