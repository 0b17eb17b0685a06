import io

import pytest
from django.core.management import CommandError, call_command

from shopkeep.privacy import promises
from shopkeep.privacy.promises import PROMISES, promise_tests, promise_tests_scan


def test_the_promise_manifest_matches_the_marked_tests():
    # when the test sources are scanned
    scanned = promise_tests_scan()
    # then the committed manifest the policy reads is up to date (`shopkeep promises --write`)
    assert scanned == promise_tests()


def test_every_marked_promise_id_exists():
    assert set(promise_tests_scan()) <= set(PROMISES)


def test_the_check_command_fails_on_a_stale_manifest(monkeypatch):
    monkeypatch.setattr("shopkeep.privacy.management.commands.promises.promise_tests", lambda: {})
    with pytest.raises(CommandError, match="promise_tests.json is stale"):
        call_command("promises", "--check")


def test_the_markdown_table_lists_every_promise():
    out = io.StringIO()
    call_command("promises", "--markdown", stdout=out)
    assert all(f"**{pid}**" in out.getvalue() for pid in PROMISES)


def test_the_scanner_finds_promise_markers(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "test_x.py").write_text(
        'import pytest\n\n@pytest.mark.promise("P-13")\ndef test_a():\n    pass\n', encoding="utf-8")
    assert promises.promise_tests_scan(tmp_path) == {"P-13": ["src/test_x.py::test_a"]}
