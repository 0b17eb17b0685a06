"""The generated privacy pages: policy, cookie notice, change log, promise index."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from shopkeep.privacy.cookies import COOKIES
from shopkeep.privacy.models import PolicyVersion
from shopkeep.privacy.policy import policy_document
from shopkeep.privacy.promises import PROMISES, promise_tests
from shopkeep.privacy.publishing import policy_current_version


@require_safe
def policy(request):
    document = policy_document()
    published = policy_current_version()
    return render(request, "privacy/policy.html", {
        "document": document,
        "published": published,
        "unpublished_changes": published is None or published.content_hash != document["content_hash"],
    })


@require_safe
def cookies(request):
    return render(request, "privacy/cookies.html", {"cookies": COOKIES.values()})


@require_safe
def changes(request):
    return render(request, "privacy/changes.html", {"versions": PolicyVersion.objects.defer("content")})


@require_safe
def promises(request):
    tests = promise_tests()
    rows = [{"id": pid, "text": text, "tests": tests.get(pid, [])} for pid, text in PROMISES.items()]
    return render(request, "privacy/promises.html", {"rows": rows})
