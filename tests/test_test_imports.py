"""No test module imports another: pytest collects an imported test module's tests a second time
under the importer's name when they are star-imported, a helper moved or renamed in one test
breaks another directory's run, and running one file alone silently depends on a second. Shared
helpers live in a plain module (`helpers.py`, `factories.py`, `tests/support/`) and fixtures in a
`conftest.py`."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"


def _is_test_module(name: str) -> bool:
    return name.rpartition(".")[2].startswith("test_")


def _imported_test_modules(source: str) -> list[str]:
    """Every `tests…test_*` module the source imports, absolute or as a name from a package."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            if _is_test_module(node.module):
                found.append(node.module)
            elif node.module.split(".")[0] == "tests":
                # `from tests.policy import test_policy_properties` imports a module too.
                found += [
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("test_")
                ]
        elif isinstance(node, ast.ImportFrom) and node.level and node.names:
            found += [alias.name for alias in node.names if alias.name.startswith("test_")]
    return found


def test_the_check_sees_each_way_of_importing_a_test_module() -> None:
    source = (
        "from tests.oidc.test_routes import start\n"
        "import tests.stats.test_routes\n"
        "from tests.policy import test_policy_properties\n"
        "from . import test_steps\n"
        "from tests.oidc.provider import free_port\n"
        "from tests.support.requirements import missing\n"
    )
    assert _imported_test_modules(source) == [
        "tests.oidc.test_routes",
        "tests.stats.test_routes",
        "tests.policy.test_policy_properties",
        "test_steps",
    ]


def test_no_test_module_imports_another() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted(TESTS.rglob("test_*.py"))
        for module in _imported_test_modules(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
