"""The statistics dashboard for the owner and marketing (counts only, nothing about any person)."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shopkeep.analytics import charts, reports, selectors
from shopkeep.analytics.forms import StatsRangeForm
from shopkeep.privacy.roles import Role, role_required
from shopkeep.spreadsheet import row_safe


@require_GET
@role_required(Role.MARKETING)
def dashboard(request):
    form = StatsRangeForm(request.GET or None)
    start, end = form.date_range()
    days = selectors.stats_days(start=start, end=end)
    labels = [d.day.strftime("%d %b") for d in days]
    breakdowns = []
    for slug, *_ in reports.BREAKDOWNS:
        table = reports.report_table(slug=slug, start=start, end=end, limit=selectors.TOP_LIMIT)
        chart = charts.column_chart(rows=table.rows) if slug == "hours" else charts.bar_chart(rows=table.rows)
        breakdowns.append({"table": table, "chart": chart, "columns": slug == "hours"})
    context = {
        "form": form,
        "start": start,
        "end": end,
        "query": _range_query(start, end),
        "totals": selectors.stats_totals(days),
        "days_table": reports.report_table(slug="days", start=start, end=end, days=days),
        "line": charts.line_chart(labels=labels, series=[
            ("Page views", "views", [d.views for d in days]),
            ("Unique visitors", "visitors", [d.visitors for d in days]),
        ]),
        "breakdowns": breakdowns,
        "conversions": reports.report_table(slug="conversions", start=start, end=end),
    }
    return render(request, "analytics/dashboard.html", context)


@require_GET
@role_required(Role.MARKETING)
def export(request, table: str):
    if table not in reports.SLUGS:
        raise Http404("No such statistics table.")
    start, end = StatsRangeForm(request.GET or None).date_range()
    data = reports.report_table(slug=table, start=start, end=end, limit=None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shopkeep-{table}-{start}-{end}.csv"'
    writer = csv.writer(response)
    writer.writerow(data.headings)
    writer.writerows(row_safe(row) for row in data.rows)
    return response


def _range_query(start, end) -> str:
    return f"preset=custom&start={start.isoformat()}&end={end.isoformat()}"

