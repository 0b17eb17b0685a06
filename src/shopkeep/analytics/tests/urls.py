"""A small storefront-like URLconf for the recording tests, independent of the real shop pages."""

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import include, path


def page(request, **kwargs):
    return HttpResponse("<!doctype html><title>page</title><p>hello</p>")


def redirecting(request):
    return HttpResponseRedirect("/page/")


def data(request):
    return JsonResponse({"ok": True})


def missing(request):
    return HttpResponse("<p>gone</p>", status=404)


def boom(request):
    raise ValueError("Declined card 4111 1111 1111 1111 for bob@example.com from 203.0.113.9")


def plain_404(request, exception=None):
    return HttpResponse("not found", status=404, content_type="text/plain")


def plain_500(request):
    return HttpResponse("error", status=500, content_type="text/plain")


handler404 = plain_404
handler500 = plain_500

catalog = ([path("p/<slug:slug>/", page, name="product")], "catalog")
checkout = ([path("confirmation/<str:token>/", page, name="confirmation")], "checkout")

urlpatterns = [
    path("page/", page, name="page"),
    path("", include(catalog)),
    path("checkout/", include(checkout)),
    path("redirect/", redirecting),
    path("data/", data),
    path("missing/", missing),
    path("boom/", boom),
    path("api/v1/thing/", page),
    path("backoffice/thing/", page),
    path("healthz", page),
    path("static/page.html", page),
]
