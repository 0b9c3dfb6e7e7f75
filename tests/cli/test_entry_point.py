"""``scripts/itnio`` and the ``itnio`` command, run as a person runs them: from another folder,
in a shell where the project's virtualenv is not on the PATH (no ``pandas`` to import there).

They use the .venv made by ``scripts/test``; the commands under test write only into tmp_path,
never into the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from itnio_core.access.auth import verify_password
from tests.paths import ROOT

SCRIPT = ROOT / "scripts" / "itnio"
VENV_BIN = ROOT / ".venv" / "bin"
ITNIO = VENV_BIN / "itnio"
PASSWORD = "correct horse battery"
TIMEOUT_S = 120
SET_UP_TIMEOUT_S = 280  # pip install -e . when pyproject.toml changed: seconds, not minutes


@pytest.fixture(scope="module", autouse=True)
def set_up_done(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The set-up as scripts/itnio makes it: after scripts/test it is current and this changes
    nothing; after pyproject.toml changed (a merge, a checkout) it installs the project again."""
    if not (VENV_BIN / "python").exists():
        pytest.fail(f"There is no {VENV_BIN / 'python'}: run scripts/test to set up.")
    done = subprocess.run(
        [str(SCRIPT), "--help"],
        capture_output=True,
        text=True,
        env=outside_env(),
        cwd=tmp_path_factory.mktemp("set-up"),
        timeout=SET_UP_TIMEOUT_S,
    )
    assert done.returncode == 0, f"scripts/itnio could not set up:\n{done.stderr}"


def outside_env() -> dict[str, str]:
    """The caller's environment as a shell without the virtualenv has it."""
    venv_bins = {os.path.realpath(p) for p in (VENV_BIN, Path(sys.executable).parent)}
    path = [
        p
        for p in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
        if p and os.path.realpath(p) not in venv_bins
    ]
    drop = ("ITNIO_", "STREAMLIT_", "PYTHON", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env["PATH"] = os.pathsep.join(path)
    return env


def run_outside(cwd: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``argv`` in ``cwd``; fail if it wrote anything into the checkout's top folder."""
    before = set(os.listdir(ROOT))
    done = subprocess.run(
        list(argv),
        input=stdin,
        capture_output=True,
        text=True,
        env=outside_env(),
        cwd=cwd,
        timeout=TIMEOUT_S,
    )
    assert set(os.listdir(ROOT)) == before, "the command wrote into the checkout"
    return done


def test_the_path_used_here_has_no_virtualenv():
    env = outside_env()
    assert "VIRTUAL_ENV" not in env and "PYTHONPATH" not in env
    bins = {os.path.realpath(p) for p in env["PATH"].split(os.pathsep)}
    assert os.path.realpath(VENV_BIN) not in bins


def test_set_up_installs_the_itnio_command_for_this_checkout(tmp_path):
    assert ITNIO.is_file() and os.access(ITNIO, os.X_OK)
    shebang = ITNIO.read_text().splitlines()[0]
    assert os.path.realpath(shebang[2:]) == os.path.realpath(VENV_BIN / "python")
    probe = (
        "import importlib.util as u, itnio_core; print(itnio_core.__file__); "
        "print([getattr(u.find_spec(n), 'origin', None) for n in ('views', 'tests')])"
    )
    done = run_outside(tmp_path, str(VENV_BIN / "python"), "-c", probe)
    assert done.returncode == 0, done.stderr
    core, others = done.stdout.splitlines()
    assert Path(core) == ROOT / "itnio_core" / "__init__.py"  # editable: this checkout's code
    assert str(ROOT) not in others  # only itnio_core is installed, not the pages or tests


def test_scripts_itnio_help_from_another_folder(tmp_path):
    done = run_outside(tmp_path, str(SCRIPT), "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: itnio ")
    for command in ("send", "report", "otp", "backfill", "hash-password", "sandbox"):
        assert command in done.stdout
    assert "No module named" not in done.stderr


def test_the_installed_command_runs_without_the_script(tmp_path):
    done = run_outside(tmp_path, str(ITNIO), "hash-password", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: itnio hash-password ")


def test_scripts_itnio_hash_password_reads_stdin(tmp_path):
    done = run_outside(
        tmp_path, str(SCRIPT), "hash-password", "--user", "bo", "--role", "admin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "[users.bo]" and lines[2] == 'role = "admin"'
    assert verify_password(PASSWORD, lines[1].split('"')[1])
    assert PASSWORD not in done.stdout + done.stderr


def test_exit_codes_come_through_the_script(tmp_path):
    assert run_outside(tmp_path, str(SCRIPT), "hash-password", stdin="short\n").returncode == 1
    assert run_outside(tmp_path, str(SCRIPT), "no-such-command").returncode == 2


def test_files_and_the_default_database_are_where_it_is_run(tmp_path):
    """``scripts/itnio send list.csv`` reads list.csv from the caller's folder, and the default
    database (``sqlite:///itnio_console.db``) is made there too, as with python -m itnio_core."""
    (tmp_path / "list.csv").write_text("Name,Mobile\nAna,919812310001\nBo,919812310002\n")
    refused = run_outside(tmp_path, str(SCRIPT), "balance")
    assert refused.returncode == 1 and "scripts/itnio db upgrade" in refused.stderr
    assert run_outside(tmp_path, str(SCRIPT), "db", "upgrade").returncode == 0
    done = run_outside(
        tmp_path, str(SCRIPT), "send", "list.csv", "--content", "Hi {Name}", "--dry-run", "--json"
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)  # set-up output, if any, went to stderr
    assert answer["rows"] == 2 and answer["ok"] == 2
    assert (tmp_path / "itnio_console.db").exists()
