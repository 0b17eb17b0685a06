"""The help center and support requests: read the articles, send a question (answered by email, P-41)."""

from typing import Annotated

from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from shopkeep.api.errors import INVALID_INPUT, ApiError, declare
from shopkeep.api.schemas import Email, StrictInput, Text, UrlText
from shopkeep.support.errors import OrderDoesNotMatch, TooManyRequests
from shopkeep.support.forms import SupportRequestForm
from shopkeep.support.models import HelpArticle
from shopkeep.support.selectors import help_article_get, help_articles_search
from shopkeep.support.services import support_request_allow, support_request_create

router = Router(tags=["help"])

Slug = Annotated[UrlText, Path(max_length=160, description="The article's slug, from GET /help/articles.")]
Search = Annotated[UrlText, Query("", max_length=100, description="Words to find in the title or text (any case).")]


class ArticleSummary(Schema):
    slug: str
    title: str
    category: str
    url: str


class Article(ArticleSummary):
    body_markdown: str = Field(description="The text in the help center's safe Markdown subset.")
    body_html: str = Field(description="The same text as HTML, everything but the subset escaped.")
    updated_at: str


class SupportRequestIn(StrictInput):
    email: Email = Field(description="Where we send the answer.")
    message: Text = Field(description="The question or request: at least 5 characters once surrounding spaces are "
                                      "removed.",
                          json_schema_extra={"pattern": "^\\s*[^\\s\\x00][^\\x00]{3,}[^\\s\\x00]\\s*$"})
    name: Text = ""
    order_number: Text = Field("", description="Optional; must belong to an order placed with `email`.")


class SupportRequestAccepted(Schema):
    reference: str = Field(examples=["Q-7F3K9QX"])
    detail: str


def _summary(article: HelpArticle) -> dict:
    return {"slug": article.slug, "title": article.title, "category": article.category.name,
            "url": article.get_absolute_url()}


@router.get("/help/articles", response=declare({200: list[ArticleSummary]}, 422), summary="Help articles")
def help_articles(request, q: Search):
    """Published articles in the help center's order; with `q`, those holding every word (title matches first)."""
    return [_summary(article) for article in help_articles_search(query=q)]


@router.get("/help/articles/{slug}", response=declare({200: Article}, 404, 422), summary="One help article")
def help_article(request, slug: Slug):
    article = help_article_get(slug=slug)
    if article is None:
        raise ApiError(404, "There is no help article with this slug.")
    return {**_summary(article), "body_markdown": article.body, "body_html": str(article.body_html),
            "updated_at": article.updated_at.isoformat()}


@router.post("/support-requests", response=declare({202: SupportRequestAccepted}, 400, 422, 429),
             summary="Send a question", tags=["support"])
def support_request(request, payload: SupportRequestIn):
    """Open a support request, answered by email. No account needed; never subscribes anyone. An order number
    must belong to an order placed with the same email (422 otherwise, without saying whether it exists).
    Each IP address may send a few requests per hour (429 beyond)."""
    form = SupportRequestForm(data=payload.model_dump())
    if not form.is_valid():
        raise ApiError(422, INVALID_INPUT, errors={name: errors[0] for name, errors in form.errors.items()})
    data = form.cleaned_data
    try:
        support_request_allow(ip=request.META.get("REMOTE_ADDR"))
        ticket = support_request_create(email=data["email"], name=data["name"], message=data["message"],
                                        order_number=data["order_number"])
    except TooManyRequests as refused:
        raise ApiError(429, refused.message) from None
    except OrderDoesNotMatch as mismatch:
        raise ApiError(422, mismatch.message, errors=mismatch.fields) from None
    return Status(202, {"reference": ticket.reference,
                        "detail": "Thank you: we will answer by email to the address you gave."})
