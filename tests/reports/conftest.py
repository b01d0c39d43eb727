"""One real site per test session, shared by the page tests and the browser tests."""

from __future__ import annotations

import pytest
from site_builder import BuiltSite, build_hostile_site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_hostile_site(tmp_path_factory.mktemp("hostile-site"))
