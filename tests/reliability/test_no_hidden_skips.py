"""Under CI a missing Xvfb or LibreOffice fails the tests that need them; on a workstation
they are skipped. Run as a separate pytest with neither on its PATH and no DISPLAY."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NEEDS = {"Xvfb": "tests/ui/test_calendar.py", "LibreOffice": "tests/reports/test_pdf.py"}


def _pytest_without_tools(tmp_path, target, ci):
    bare = tmp_path / "bin"  # a PATH where no Xvfb, soffice or pdfinfo can be found
    bare.mkdir(exist_ok=True)
    env = dict(os.environ, PATH=str(bare))
    env.pop("DISPLAY", None)
    env.pop("CI", None)
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", target, "-x", "-q",
                           "-p", "no:cacheprovider", "-m", "not exe"], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=600)


@pytest.mark.parametrize("tool", sorted(NEEDS))
def test_a_missing_tool_fails_under_ci_and_skips_elsewhere(tmp_path, tool):
    strict = _pytest_without_tools(tmp_path, NEEDS[tool], ci=True)
    assert strict.returncode == 1, strict.stdout[-2000:]
    assert "under CI (CI=true)" in strict.stdout and "skipped" not in strict.stdout
    assert tool in strict.stdout
    local = _pytest_without_tools(tmp_path, NEEDS[tool], ci=False)
    assert local.returncode == 0, local.stdout[-2000:]
    assert "skipped" in local.stdout and "failed" not in local.stdout
