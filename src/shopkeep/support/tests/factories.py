"""Plain factory functions for help articles and support tickets."""

import itertools

from shopkeep.support.models import HelpArticle, HelpCategory, Ticket
from shopkeep.support.services import support_request_create

_sequence = itertools.count(1)


def category_create(*, name: str = "", position: int = 0) -> HelpCategory:
    number = next(_sequence)
    return HelpCategory.objects.create(name=name or f"Category {number}", slug=f"category-{number}",
                                       position=position)


def article_create(*, title: str = "", body: str = "Some help.", category: HelpCategory | None = None,
                   position: int = 0, published: bool = True, slug: str = "") -> HelpArticle:
    number = next(_sequence)
    return HelpArticle.objects.create(category=category or category_create(), title=title or f"Article {number}",
                                      slug=slug or f"article-{number}", body=body, position=position,
                                      published=published)


def ticket_create(*, email: str = "grace@example.com", message: str = "Where is my parcel?", customer=None,
                  order_number: str = "", name: str = "") -> Ticket:
    """A ticket opened the way the contact form opens one."""
    return support_request_create(email=email, message=message, customer=customer, order_number=order_number,
                                  name=name)
