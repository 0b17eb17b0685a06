"""Reads of the help center and of a customer's own support requests."""

from dataclasses import dataclass

from django.db.models import Prefetch

from shopkeep.support.models import HelpArticle, HelpCategory, Ticket, TicketMessage

MAX_QUERY = 100


@dataclass(frozen=True)
class CategoryArticles:
    category: HelpCategory
    articles: list[HelpArticle]


def help_categories_with_articles() -> list[CategoryArticles]:
    """Every category that has a published article, in order, with its published articles in order."""
    published = HelpArticle.objects.filter(published=True).order_by("position", "title")
    categories = HelpCategory.objects.prefetch_related(Prefetch("articles", queryset=published, to_attr="shown"))
    return [CategoryArticles(category, category.shown) for category in categories if category.shown]


def help_query_words(query: str) -> list[str]:
    """The words of a search, case-folded (so 'STRASSE' finds 'Straße'), at most MAX_QUERY characters."""
    return (query or "")[:MAX_QUERY].casefold().split()


def help_articles_search(*, query: str) -> list[HelpArticle]:
    """Published articles whose title or body holds every word of `query`, title matches first.

    Matching is done here rather than with SQL LIKE, which folds case only for ASCII on SQLite; the help
    center holds tens of articles, not thousands.
    """
    words = help_query_words(query)
    articles = list(HelpArticle.objects.filter(published=True).select_related("category"))
    if not words:
        return articles
    found = []
    for article in articles:
        title, body = article.title.casefold(), article.body.casefold()
        if all(word in title or word in body for word in words):
            found.append((0 if any(word in title for word in words) else 1, article))
    return [article for _rank, article in sorted(found, key=lambda pair: pair[0])]


def help_article_get(*, slug: str) -> HelpArticle | None:
    """The published article with this slug."""
    return HelpArticle.objects.filter(published=True, slug=slug).select_related("category").first()


def tickets_for_customer(*, customer) -> list[Ticket]:
    """A customer's own support requests, newest first (never another person's)."""
    return list(Ticket.objects.filter(customer=customer).order_by("-created_at"))


def ticket_for_customer(*, customer, reference: str) -> Ticket | None:
    """One of the customer's own requests with the messages they may see (no internal notes)."""
    visible = TicketMessage.objects.exclude(kind=TicketMessage.Kind.NOTE)
    return (Ticket.objects.filter(customer=customer, reference=reference.upper())
            .prefetch_related(Prefetch("messages", queryset=visible, to_attr="visible_messages")).first())
