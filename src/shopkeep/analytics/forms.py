from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

PRESETS = [("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("custom", "Custom range")]
MAX_DAYS = 25 * 31


class StatsRangeForm(forms.Form):
    """The dashboard's date range: a preset number of days ending today, or a custom from/to."""

    preset = forms.ChoiceField(label="Period", choices=PRESETS, initial="30", required=False)
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        preset = data.get("preset") or "30"
        today = timezone.localdate()
        if preset != "custom":
            data["start"], data["end"] = today - dt.timedelta(days=int(preset) - 1), today
            return data
        start, end = data.get("start"), data.get("end")
        if not start or not end:
            raise forms.ValidationError("Give both a From and a To date for a custom range.")
        if start > end:
            raise forms.ValidationError("The From date must not be after the To date.")
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(f"Choose a range of at most {MAX_DAYS} days.")
        return data

    def date_range(self) -> tuple[dt.date, dt.date]:
        """The validated range, or the default last 30 days when the form is invalid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        today = timezone.localdate()
        return today - dt.timedelta(days=29), today
