"""The owner sees the upkeep's last runs and failures on the back-office home; other roles do not."""

import pytest

from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login
from shopkeep.upkeep.jobs import upkeep_run_job
from shopkeep.upkeep.models import UpkeepJob

pytestmark = pytest.mark.django_db


def test_the_owner_sees_each_jobs_last_outcome_and_a_failure_stands_out(client):
    # given one job ran, another failed
    upkeep_run_job("surveys", force=True)
    UpkeepJob.objects.filter(name="surveys").update(last_ok=False, last_outcome="failed: OperationalError: locked")
    upkeep_run_job("retention", force=True)
    staff_login(client, Role.OWNER)
    # when
    page = client.get("/backoffice/").content.decode()
    # then
    assert "Scheduled upkeep" in page
    assert "failed: failed: OperationalError: locked" not in page
    assert 'class="bo-alert">last run' in page and "OperationalError: locked" in page
    assert "nothing was past its retention period" in page
    assert "not run yet" in page  # payments, never run here


@pytest.mark.parametrize("role", [Role.FULFILMENT, Role.CUSTOMER_SERVICE])
def test_other_roles_do_not_see_the_upkeep_panel(client, role):
    staff_login(client, role)
    assert "Scheduled upkeep" not in client.get("/backoffice/").content.decode()
