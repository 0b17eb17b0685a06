"""The shop's periodic upkeep runs by itself, each job once per interval across all processes."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from shopkeep.environment import ConfigurationError, read
from shopkeep.upkeep import jobs
from shopkeep.upkeep.jobs import (
    JOBS, upkeep_job_register, upkeep_run_due, upkeep_run_job, upkeep_schedule_check, upkeep_status,
)
from shopkeep.upkeep.models import UpkeepJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(settings):
    """Only two test jobs registered, every 10 minutes and every hour; returns the list of their runs."""
    runs = []
    saved = dict(JOBS)
    JOBS.clear()
    upkeep_job_register(name="often", what="a frequent job", run=lambda now: runs.append(("often", now)) or "did it")
    upkeep_job_register(name="hourly", what="an hourly job", run=lambda now: runs.append(("hourly", now)) or "done")
    settings.SHOPKEEP_UPKEEP_SCHEDULE = {"often": timedelta(minutes=10), "hourly": timedelta(hours=1)}
    yield runs
    JOBS.clear()
    JOBS.update(saved)


def test_every_job_runs_at_once_then_again_only_after_its_interval(counted):
    # given
    start = timezone.now()
    # when: upkeep passes at 0, 5, 10 and 60 minutes
    for minutes in (0, 5, 10, 60):
        upkeep_run_due(now=start + timedelta(minutes=minutes))
    # then
    assert [(name, int((when - start).total_seconds() // 60)) for name, when in counted] == [
        ("hourly", 0), ("often", 0), ("often", 10), ("hourly", 60), ("often", 60)]


def test_a_job_leased_by_another_process_is_not_run_twice(counted):
    # given another process holds the lease of a due job
    now = timezone.now()
    upkeep_run_due(now=now - timedelta(hours=2))
    counted.clear()
    UpkeepJob.objects.filter(name="often").update(lease_until=now + timedelta(minutes=5), lease_holder="other:1")
    # when
    outcomes = upkeep_run_due(now=now, holder="this:2")
    # then only the free job ran here
    assert outcomes == {"hourly": "done"}
    assert [name for name, _ in counted] == ["hourly"]


def test_a_job_whose_process_died_mid_run_is_run_again_once_its_lease_expires(counted):
    # given a run started long ago by a process that was killed (lease never released)
    now = timezone.now()
    UpkeepJob.objects.create(name="often", due_at=now - timedelta(hours=2), lease_holder="dead:9",
                             lease_until=now - timedelta(seconds=1), last_started=now - timedelta(minutes=31))
    # when
    outcomes = upkeep_run_due(now=now)
    # then
    assert outcomes["often"] == "did it"
    assert UpkeepJob.objects.get(name="often").lease_holder == ""


def test_racing_processes_run_a_due_job_exactly_once(counted):
    # given four passes that all see the job due at the same moment
    now = timezone.now()
    jobs._rows(now)
    # when each tries to take the lease
    winners = [jobs._lease_take("often", now=now, holder=f"p{i}") for i in range(4)]
    # then one conditional update wins
    assert winners.count(True) == 1


def test_a_failing_job_is_recorded_and_the_others_still_run(counted, caplog):
    # given
    def broken(now):
        raise RuntimeError("the gateway is unreachable")
    upkeep_job_register(name="broken", what="a job that fails", run=broken)
    JOBS["broken"] = jobs.Job(name="broken", what="a job that fails", run=broken, enabled=lambda: True)
    from django.conf import settings
    settings.SHOPKEEP_UPKEEP_SCHEDULE = {**settings.SHOPKEEP_UPKEEP_SCHEDULE, "broken": timedelta(minutes=1)}
    # when
    outcomes = upkeep_run_due()
    # then
    assert outcomes["broken"] == "failed: RuntimeError: the gateway is unreachable"
    assert outcomes["often"] == "did it" and outcomes["hourly"] == "done"
    status = {job.name: job for job in upkeep_status()}
    assert status["broken"].last_ok is False and status["often"].last_ok is True
    assert "upkeep job broken failed" in caplog.text


def test_a_disabled_job_is_not_run(counted):
    # given
    JOBS["often"] = jobs.Job(name="often", what="x", run=JOBS["often"].run, enabled=lambda: False)
    # when
    outcomes = upkeep_run_due()
    # then
    assert list(outcomes) == ["hourly"]


def test_the_command_shows_the_status_of_the_shops_own_jobs(capsys):
    # given the shop's real jobs, one of them run
    call_command("upkeep", "--run", "retention")
    # when
    call_command("upkeep", "--status")
    # then
    out = capsys.readouterr().out
    assert "retention: nothing was past its retention period" in out
    for name in ("payments", "surveys", "contests", "retention", "erasures", "inbound", "practices"):
        assert f"\n{name}" in "\n" + out
    assert "inbound    every 5 minutes   off (not configured)\n" in out
    assert "payments   every 15 minutes  never run; due now\n" in out
    assert "retention  every day         last run " in out and ", ok; next " in out


def test_the_command_refuses_an_unknown_job_with_a_sentence():
    with pytest.raises(CommandError, match="There is no upkeep job 'nightly'; the jobs are: contests, erasures, inbound, payments"):
        call_command("upkeep", "--run", "nightly")


def test_every_periodic_job_of_the_shop_is_registered_and_scheduled():
    # then: the old task twins are gone, and the schedule and the jobs agree
    assert sorted(JOBS) == ["contests", "erasures", "inbound", "payments", "practices", "retention", "surveys"]
    assert upkeep_schedule_check() == []


def test_a_schedule_naming_an_unknown_job_fails_the_system_check(settings):
    settings.SHOPKEEP_UPKEEP_SCHEDULE = {**settings.SHOPKEEP_UPKEEP_SCHEDULE, "nightly": timedelta(days=1)}
    assert upkeep_schedule_check() == [
        "SHOPKEEP_UPKEEP_SCHEDULE names 'nightly', which is no upkeep job (jobs: contests, erasures, inbound, "
        "payments, practices, retention, surveys)."]


@pytest.mark.parametrize("text", ["payments=15", "payments=0m", "=5m", "payments=fast", "payments=5w"])
def test_a_malformed_schedule_is_refused_with_a_sentence(text):
    with pytest.raises(ConfigurationError, match="SHOPKEEP_UPKEEP_SCHEDULE must be name=interval pairs"):
        read("SHOPKEEP_UPKEEP_SCHEDULE", {"SHOPKEEP_UPKEEP_SCHEDULE": text})


def test_the_schedule_reads_units():
    assert read("SHOPKEEP_UPKEEP_SCHEDULE", {"SHOPKEEP_UPKEEP_SCHEDULE": "a=30s, b=2h,c=1d"}) == {
        "a": timedelta(seconds=30), "b": timedelta(hours=2), "c": timedelta(days=1)}
