"""The generated privacy pages: policy, cookie notice, change log, promise index."""

from django.core.cache import cache
from django.shortcuts import render
from django.views.decorators.http import require_safe

from shopkeep.http import cacheable_page
from shopkeep.privacy.cookies import COOKIES
from shopkeep.privacy.models import PolicyVersion
from shopkeep.privacy.policy import policy_document, policy_versioned, render_context
from shopkeep.privacy.promises import CLAUSES, PROMISES, promise_clause_tests, promise_status, promise_tests
from shopkeep.privacy.publishing import policy_current_version
from shopkeep.shop.services import identity_current

POLICY_CACHE_SECONDS = 3600


def _policy_cached() -> dict:
    """The generated policy, cached per published version and shop identity (each change is a new row)."""
    published = policy_current_version()
    key = f"privacy:policy:{published.pk if published else 0}:{identity_current().pk}"
    document = cache.get(key)
    if document is None:
        document = policy_document()
        cache.set(key, document, POLICY_CACHE_SECONDS)
    return document


@cacheable_page
@require_safe
def policy(request):
    return render(request, "privacy/policy.html", render_context(policy_versioned(_policy_cached())))


@cacheable_page
@require_safe
def cookies(request):
    return render(request, "privacy/cookies.html", {"cookies": COOKIES.values()})


@cacheable_page
@require_safe
def changes(request):
    return render(request, "privacy/changes.html", {"versions": PolicyVersion.objects.defer("content")})


@cacheable_page
@require_safe
def promises(request):
    tests, clause_tests = promise_tests(), promise_clause_tests()
    rows = []
    for pid, text in PROMISES.items():
        status = promise_status(pid)
        table = CLAUSES.get(pid, {})
        rows.append({
            "id": pid, "text": text, "status": status["status"],
            "clauses": [{"text": table[c], "proven": c in status["proven"], "tests": clause_tests.get(pid, {}).get(c, [])}
                        for c in table],
            "tests": tests.get(pid, []),
        })
    return render(request, "privacy/promises.html", {"rows": rows})
