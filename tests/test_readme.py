"""What README.md and the container files promise an operator, checked against the code.

- The settings table names every field of `api.config.Settings`, nothing else, each with its
  real default (read back through the settings class, as the service would read it).
- The first-request walk-through runs as shown, with curl and jq, against a real service.
- The Dockerfile's health check follows `AI_OPTOUT_PORT`; `.dockerignore` keeps the virtualenv,
  caches and personal data out of the build context but lets in everything the build copies;
  `compose.yaml` migrates once before the replicas start and sets only real settings.
- `make run` installs no developer tools; `make test` does.
"""

import importlib.metadata
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from docker.utils.build import exclude_paths  # type: ignore[import-untyped]

from api.config import Settings
from api.ops.migrations import head_revision
from tests.support.requirements import missing
from tests.support.server import free_port, live_server

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
PREFIX = "AI_OPTOUT_"
# Variables that tests and benchmarks read, not the service.
NOT_SETTINGS = {
    "AI_OPTOUT_TEST_DATABASE_URL",
    "AI_OPTOUT_TEST_REDIS_URL",
    "AI_OPTOUT_FUZZ_EXAMPLES",
}


def section(title: str) -> str:
    """The text of a `## title` section, up to the next heading of the same level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def settings_table() -> dict[str, str]:
    """Variable → default cell, from the rows of the Settings section's table."""
    rows: dict[str, str] = {}
    for line in section("Settings").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("| `") or len(cells) < 3:
            continue
        name = cells[0].strip("`")
        assert name not in rows, f"{name} has two rows"
        rows[name] = cells[1]
    return rows


def clear_settings_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in os.environ:
        if name.upper().startswith(PREFIX):
            monkeypatch.delenv(name)


def test_the_settings_table_names_every_setting_and_nothing_else() -> None:
    documented = set(settings_table())
    fields = {PREFIX + name.upper() for name in Settings.model_fields}
    assert sorted(fields - documented) == [], "settings missing from README.md's table"
    assert sorted(documented - fields) == [], "README.md's table names settings that do not exist"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_each_documented_default_is_the_real_one(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cell = settings_table().get(PREFIX + name.upper())
    assert cell is not None, f"{PREFIX + name.upper()} is not in README.md's table"
    default = Settings.model_fields[name].get_default(call_default_factory=True)
    if cell == "unset":
        assert default == "", f"{name} defaults to {default!r}, not unset"
        return
    literal = re.fullmatch(r"`([^`]*)`", cell)
    assert literal, f"{name}: the default must be `a literal` or unset, not {cell!r}"
    # The documented value, set as the variable, must give the service the default.
    clear_settings_env(monkeypatch)
    monkeypatch.setenv(PREFIX + name.upper(), literal.group(1))
    assert getattr(Settings(_env_file=None), name) == default


def mentioned_variables(text: str) -> set[str]:
    return set(re.findall(r"\bAI_OPTOUT_[A-Z0-9_]*[A-Z0-9]\b", text)) - NOT_SETTINGS


@pytest.mark.parametrize(
    "path",
    ["README.md", "Dockerfile", "compose.yaml", "docs/operations.md", "docs/extension-store.md"],
)
def test_operators_files_name_only_real_settings(path: str) -> None:
    fields = {PREFIX + name.upper() for name in Settings.model_fields}
    unknown = mentioned_variables((ROOT / path).read_text()) - fields
    assert sorted(unknown) == [], f"{path} names variables no setting reads"


# ---- the walk-through -------------------------------------------------------------------------


def walkthrough() -> str:
    blocks = re.findall(r"```sh\n(.*?)```", section("First requests"), re.S)
    assert len(blocks) == 1, "the walk-through is one sh block"
    return str(blocks[0])


def need_tools(*tools: str) -> None:
    absent = [tool for tool in tools if shutil.which(tool) is None]
    if absent:
        message = f"the README's walk-through needs {', '.join(absent)}"
        missing(message, under_ci="CI installs them (.ci/run)")


def test_the_first_request_walkthrough_runs_as_shown(database_url: str, tmp_path: Path) -> None:
    need_tools("bash", "curl", "jq")
    script = walkthrough()
    assert script.startswith("BASE=http://127.0.0.1:8000\n"), "the walk-through names its server"
    with live_server(database_url, tmp_path / "server.log") as server:
        # Run as shown, but against this test's server: only the address in its first line
        # changes. curl -f makes any answer ≥ 400 fail the script.
        shown = script.replace("http://127.0.0.1:8000", server.base_url, 1)
        run = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", shown],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert run.returncode == 0, run.stderr + run.stdout
        out = run.stdout

        # Step 2 showed the preferences with their ETag.
        assert re.search(r'^etag: "[^"]+"\r?$', out, re.M | re.I), out
        # Step 3 wrote version 2 with the linked account and got a receipt.
        put = re.search(r'^\{\n  "version".*?^\}$', out, re.M | re.S)
        assert put, out
        written = json.loads(put[0])
        assert written["version"] == 2
        assert written["accounts"][0]["platform"] == "instagram"
        assert written["receipt"]
        # Step 4 explained the one item: its verdict, the reasons, what would change it.
        explained = json.loads(out[out.index('{\n  "policy"') :])
        assert explained["id"] == "a1" and explained["region"] == "DE"
        assert explained["verdict"] in {"included", "excluded", "uncertain"}
        assert explained["reasons"] and all(isinstance(r, str) for r in explained["reasons"])
        assert server.process.poll() is None


# ---- container and compose --------------------------------------------------------------------


def healthcheck_command() -> list[str]:
    dockerfile = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^HEALTHCHECK .*?\\\n\s+CMD (\[.*\])$", dockerfile, re.M)
    assert match, "the Dockerfile has a HEALTHCHECK with an exec-form CMD"
    command = json.loads(match.group(1))
    assert isinstance(command, list)
    return [str(part) for part in command]


def test_the_images_health_check_asks_the_port_the_service_listens_on(tmp_path: Path) -> None:
    command = healthcheck_command()
    assert command[0] == "python"
    probe = [sys.executable, *command[1:]]
    database_url = f"sqlite:///{tmp_path / 'health.db'}"
    port = free_port()
    assert port != 8000
    with live_server(database_url, tmp_path / "server.log", port=port):
        healthy = subprocess.run(
            probe, env={**os.environ, "AI_OPTOUT_PORT": str(port)}, capture_output=True
        )
        assert healthy.returncode == 0, healthy.stderr
    # Nothing listens there any more: the same check now fails.
    unhealthy = subprocess.run(
        probe, env={**os.environ, "AI_OPTOUT_PORT": str(port)}, capture_output=True
    )
    assert unhealthy.returncode != 0


def image_install_step() -> str:
    """The build stage's `RUN pip install …` command, its continuation lines joined."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^RUN (pip install .*?)(?<!\\)\n", dockerfile, re.M | re.S)
    assert match, "the Dockerfile installs the package with pip"
    return re.sub(r"\\\n\s*", "", match.group(1))


@pytest.mark.slow
def test_the_image_finds_its_migrations_from_the_package_in_any_directory(tmp_path: Path) -> None:
    # The build stage's own command, run on a copy of what it copies, into a prefix of ours
    # (without the dependencies: this interpreter has them).
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "alembic.ini"):
        shutil.copy(ROOT / name, source / name)
    for name in ("api",):
        shutil.copytree(
            ROOT / name,
            source / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules"),
        )
    prefix = tmp_path / "install"
    step = (
        image_install_step()
        .replace("/install", str(prefix))
        # --ignore-installed: with only --prefix, pip would uninstall this environment's own
        # (editable) copy of the package before installing into the prefix.
        .replace(
            "pip install",
            f"{sys.executable} -m pip install --no-deps --ignore-installed --quiet",
            1,
        )
        .replace("python -c", f"{sys.executable} -c")
    )
    built = subprocess.run(
        ["bash", "-c", step], cwd=source, capture_output=True, text=True, timeout=240
    )
    assert built.returncode == 0, built.stderr
    assert importlib.metadata.distribution("ai-optout").locate_file("")  # still installed here
    site = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sysconfig; print(sysconfig.get_path('purelib', vars={{'base': '{prefix}'}}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    # Anywhere but in the checkout: the installed package finds its own migrations.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": site,
        "AI_OPTOUT_DATABASE_URL": f"sqlite:///{elsewhere / 'image.db'}",
    }
    where = subprocess.run(
        [sys.executable, "-c", "import api; print(api.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(site), "the test ran the checkout's package, not the built one"
    migrated = subprocess.run(
        [sys.executable, "-m", "api.cli", "migrate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrated.returncode == 0, migrated.stderr + migrated.stdout
    with sqlite3.connect(elsewhere / "image.db") as db:
        [(revision,)] = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert revision == head_revision()


def test_dockerignore_keeps_out_the_venv_caches_and_personal_data(tmp_path: Path) -> None:
    needed = [
        "pyproject.toml",
        "README.md",
        "alembic.ini",
        *(
            str(path.relative_to(ROOT))
            for top in ("api",)
            for path in (ROOT / top).rglob("*")
            # The web page's Node tools are for its tests, not the image.
            if path.is_file() and not {"__pycache__", "node_modules"} & set(path.parts)
        ),
    ]
    kept_out = [
        ".venv/bin/python",
        ".venv/lib/python3.11/site-packages/fastapi/__init__.py",
        ".git/HEAD",
        "data/ai-optout.db",
        "data/ai-optout.db-wal",
        "ai-optout.db",
        "api/leftover.db",
        "somewhere/else/copy.sqlite3",
        ".env",
        "ai-optout.env",
        "extension/node_modules/jsdom/package.json",
        "node_modules/x/index.js",
        "api/__pycache__/main.cpython-311.pyc",
        ".mypy_cache/3.11/api.json",
        ".pytest_cache/v/cache/lastfailed",
        ".ruff_cache/CACHEDIR.TAG",
        ".hypothesis/examples/x",
        "bench/results/run.json",
        "run.prof",
    ]
    for relative in [*needed, *kept_out]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    context = set(exclude_paths(str(tmp_path), patterns, dockerfile="Dockerfile"))
    assert sorted(set(needed) - context) == [], "the build copies files .dockerignore leaves out"
    assert sorted(set(kept_out) & context) == [], "these would enter the build context"


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_compose_migrates_once_before_the_service_and_uses_postgres_and_redis() -> None:
    services = compose()["services"]
    assert set(services) >= {"api", "migrate", "db", "redis"}
    assert services["migrate"]["command"] == ["ai-optout", "migrate"]
    assert services["migrate"]["restart"] == "no"
    assert services["api"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("api", "migrate"):
        env = services[name]["environment"]
        assert env["AI_OPTOUT_DATABASE_URL"].startswith("postgresql://optout:")
        assert env["AI_OPTOUT_DATABASE_URL"].endswith("@db:5432/optout")
        assert env["AI_OPTOUT_REDIS_URL"] == "redis://redis:6379/0"
        assert set(env) <= {PREFIX + field.upper() for field in Settings.model_fields}
    # The published container port is the one the image's service listens on.
    dockerfile = (ROOT / "Dockerfile").read_text()
    image_port = re.search(r"AI_OPTOUT_PORT=(\d+)", dockerfile)
    assert image_port
    [published] = services["api"]["ports"]
    assert published.endswith(f":{image_port.group(1)}")
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]


# ---- make run is lean -------------------------------------------------------------------------


def make_dry_run(target: str, tmp_path: Path) -> str:
    if shutil.which("make") is None:
        pytest.fail("make is missing: the README's first command needs it")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "extension").mkdir()
    run = subprocess.run(
        ["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_make_run_installs_no_developer_tools_and_shows_progress(tmp_path: Path) -> None:
    commands = make_dry_run("run", tmp_path)
    installs = [line for line in commands.splitlines() if "pip install" in line]
    assert any(line.endswith("pip install -e .") for line in installs), commands
    assert not any("[dev]" in line or "--quiet" in line or " -q" in line for line in installs)
    assert "ai-optout serve" in commands


def test_make_test_adds_the_developer_tools(tmp_path: Path) -> None:
    commands = make_dry_run("typecheck", tmp_path)
    assert "pip install -e '.[dev]'" in commands
