"""Static analysis: `bandit -r src` finds nothing of high severity."""

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_bandit_finds_no_high_severity_issue():
    result = subprocess.run([sys.executable, "-m", "bandit", "-r", str(SRC), "--severity-level", "high", "-q",
                             "--format", "custom", "--msg-template", "{abspath}:{line}: {test_id} {msg}"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout
