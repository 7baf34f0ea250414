"""The platform registry: the one place naming the platforms and what the service knows of them."""

import ast
import re
from pathlib import Path
from typing import get_args

from api.platforms import (
    EXPLAINABLE_PLATFORMS,
    PLATFORM_NAMES,
    PLATFORMS,
    SITES,
    ExplainablePlatform,
    Platform,
)
from api.policy import ItemFacts, load_catalog
from api.policy.jurisdictions import facts

API = Path(__file__).parent.parent / "api"


def test_a_person_links_facebook_and_instagram_threads_and_whatsapp_are_only_explained() -> None:
    assert get_args(Platform) == PLATFORMS == ("facebook", "instagram")
    explainable = (*PLATFORMS, "threads", "whatsapp")
    assert get_args(ExplainablePlatform) == EXPLAINABLE_PLATFORMS == explainable
    assert set(EXPLAINABLE_PLATFORMS) - set(PLATFORMS) == {"threads", "whatsapp"}


def test_every_linkable_platform_has_a_site_a_name_and_an_objection_form() -> None:
    assert set(SITES) == set(PLATFORMS) == set(PLATFORM_NAMES) == set(facts().forms)
    for platform, site in SITES.items():
        assert site.home == f"https://www.{platform}.com/"
        assert site.home.removeprefix("https://").rstrip("/") in site.hosts


def test_the_engine_explains_every_platform_and_has_a_form_for_each() -> None:
    actions = load_catalog().versions[0].actions
    for platform in EXPLAINABLE_PLATFORMS:
        assert ItemFacts(platform, "post").platform == platform
        assert f"object.{platform}" in actions


def test_the_registry_imports_nothing_from_the_service() -> None:
    tree = ast.parse((API / "platforms.py").read_text())
    modules = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {module for module in modules if module and module.split(".")[0] == "api"}


def test_no_other_module_spells_the_platforms_out() -> None:
    spelled = re.compile(r'Literal\[\s*"facebook"|\(\s*"facebook",\s*"instagram"\s*\)')
    found = [
        str(path.relative_to(API))
        for path in API.rglob("*.py")
        if path.name != "platforms.py" and spelled.search(path.read_text())
    ]
    assert found == []
