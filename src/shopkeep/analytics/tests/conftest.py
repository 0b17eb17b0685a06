import pytest

from shopkeep.analytics.recorder import recorder


@pytest.fixture(autouse=True)
def _empty_recorder():
    """Each analytics test starts and ends with an empty page-view buffer."""
    recorder.drain()
    recorder.pending = None
    yield
    recorder.drain()
    recorder.pending = None
