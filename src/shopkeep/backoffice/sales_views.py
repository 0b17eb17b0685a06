"""Sales on the statistics page (figures from orders, aggregates only) and survey answers with their comments.

Marketing and the billing clerk see sales; nothing in them names a person. Survey answers are read through the
audited access function: a linked customer shows only to a role the data map allows (the owner), and only when
the customer ticked "you may link this to my account".
"""

import csv

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shopkeep.analytics import charts
from shopkeep.analytics.forms import StatsRangeForm
from shopkeep.conf import conf
from shopkeep.mailing.campaigns.models import SurveyResponse
from shopkeep.mailing.campaigns.surveys import survey_summary
from shopkeep.orders import reports
from shopkeep.privacy.access import personal_data_for_staff_many
from shopkeep.privacy.roles import Role, role_required

PERIOD_LABELS = {"day": "%d %b", "week": "w/c %d %b", "month": "%b %Y"}
TABLES = {"sales": "Sales per period", "best-units": "Best sellers by units", "best-revenue": "Best sellers by revenue"}


class SalesRangeForm(StatsRangeForm):
    period = forms.ChoiceField(label="Per", choices=[("day", "Day"), ("week", "Week"), ("month", "Month")],
                               required=False, initial="day")

    def period_value(self) -> str:
        return self.cleaned_data.get("period") or "day" if self.is_valid() else "day"


def _table(slug: str, *, start, end, period: str, limit: int | None) -> tuple[list[str], list[list]]:
    currency = conf.currency
    if slug == "sales":
        rows = [[bucket.start.strftime(PERIOD_LABELS[period]), bucket.orders, bucket.revenue, bucket.refunds,
                 bucket.revenue - bucket.refunds]
                for bucket in reports.sales_series(start=start, end=end, currency=currency, period=period)]
        return [period.title(), "Orders", f"Revenue ({currency})", f"Refunds ({currency})", f"Net ({currency})"], rows
    by = "units" if slug == "best-units" else "revenue"
    rows = [[seller.product, seller.units, seller.revenue]
            for seller in reports.best_sellers(start=start, end=end, currency=currency, by=by, limit=limit)]
    return ["Product", "Units", f"Revenue ({currency})"], rows


@require_GET
@role_required(Role.MARKETING, Role.BILLING)
def sales(request):
    form = SalesRangeForm(request.GET or None)
    start, end = form.date_range()
    period = form.period_value()
    headings, rows = _table("sales", start=start, end=end, period=period, limit=None)
    units = reports.best_sellers(start=start, end=end, currency=conf.currency, by="units")
    revenue = reports.best_sellers(start=start, end=end, currency=conf.currency, by="revenue")
    return render(request, "backoffice/sales/dashboard.html", {
        "form": form, "start": start, "end": end, "period": period,
        "query": f"preset=custom&start={start.isoformat()}&end={end.isoformat()}&period={period}",
        "totals": reports.sales_totals(start=start, end=end, currency=conf.currency),
        "headings": headings, "rows": rows,
        "line": charts.line_chart(labels=[row[0] for row in rows], series=[
            (f"Revenue ({conf.currency})", "views", [int(row[2]) for row in rows]),
            (f"Refunds ({conf.currency})", "visitors", [int(row[3]) for row in rows]),
        ]),
        "orders_chart": charts.column_chart(rows=[(row[0], row[1]) for row in rows]),
        "units": units, "units_chart": charts.bar_chart(rows=[(s.product, s.units) for s in units]),
        "revenue": revenue, "revenue_chart": charts.bar_chart(rows=[(s.product, int(s.revenue)) for s in revenue]),
    })


@require_GET
@role_required(Role.MARKETING, Role.BILLING)
def sales_export(request, table: str):
    if table not in TABLES:
        raise Http404("No such sales table.")
    form = SalesRangeForm(request.GET or None)
    start, end = form.date_range()
    headings, rows = _table(table, start=start, end=end, period=form.period_value(), limit=None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shopkeep-{table}-{start}-{end}.csv"'
    writer = csv.writer(response)
    writer.writerow(headings)
    writer.writerows([_csv_safe(value) for value in row] for row in rows)
    return response


def _csv_safe(value):
    """Keep spreadsheet programs from running a cell (e.g. a product name) as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@require_GET
@role_required(Role.MARKETING)
def survey_answers(request):
    """Every survey answer with its comment, newest first; a person only where the customer linked the answer."""
    page = Paginator(SurveyResponse.objects.order_by("-answered_on", "-id"), 50).get_page(request.GET.get("page"))
    queryset = SurveyResponse.objects.filter(pk__in=[answer.pk for answer in page]).order_by("-answered_on", "-id")
    shown = personal_data_for_staff_many(staff=request.user, queryset=queryset.select_related("customer"),
                                         fields=("rating", "comment", "answered_on", "customer"),
                                         subject_ref="survey answers", reason="survey answers listed")
    return render(request, "backoffice/sales/surveys.html", {"page": page, "answers": shown,
                                                             "summary": survey_summary()})
