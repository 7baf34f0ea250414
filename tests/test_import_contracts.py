"""The house rules in .importlinter hold for the tree, and each one fails on a deliberate breach.

Each case copies the service's source to a temporary folder, adds one import that breaks one
rule, and runs lint-imports there: it must fail and name the broken contract.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# (module that gains the import, the import, the contract it breaks)
BREACHES = [
    ("api/policy/engine.py", "import api.db", "The policy engine imports nothing"),
    ("api/preferences/service.py", "import api.changes.service", "No cycle between"),
    ("api/objections/routes.py", "import api.preferences.routes", "Routes never import routes"),
    ("api/receipts/service.py", "import fastapi", "Services, models and schemas import"),
    ("api/ledger/models.py", "import api.ledger.service", "In every domain: routes"),
]


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_tree(destination: Path) -> Path:
    shutil.copytree(ROOT / "api", destination / "api", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", destination / ".importlinter")
    return destination


def test_the_tree_keeps_every_contract(tmp_path: Path) -> None:
    result = lint_imports(copy_of_the_tree(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "statement", "contract"), BREACHES)
def test_a_deliberate_breach_breaks_its_contract(
    tmp_path: Path, module: str, statement: str, contract: str
) -> None:
    tree = copy_of_the_tree(tmp_path)
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{statement}  # noqa\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
