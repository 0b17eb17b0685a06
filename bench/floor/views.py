"""The floor pages: what bare Django does on this machine, to compare the shop's pages with."""

from django.http import HttpResponse
from django.shortcuts import render

from bench.floor.models import Row

HELLO = ("<!doctype html><title>hello</title><p>" + "Hello, floor. " * 72 + "</p>\n")[:1024]


def hello(request):
    """1 KB of HTML, no database, no template."""
    return HttpResponse(HELLO)


def rows(request):
    """20 rows from SQLite rendered through a template."""
    return render(request, "floor/rows.html", {"rows": Row.objects.order_by("id")[:20]})
