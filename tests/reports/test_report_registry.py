"""The page registry: declared once, and only pages whose marts all exist are listed."""

from __future__ import annotations

import pytest

from reports.registry import GROUPS, PAGES, RECOMMENDATIONS_MART, ReportPage, available_pages, page_by_id


def test_every_page_is_well_formed_and_has_a_template() -> None:
    from reports.environment import TEMPLATES_DIR

    assert PAGES, "the registry lists at least the dataset_overview page"
    for page in PAGES:
        assert page.file == f"{page.id}.html"
        assert (TEMPLATES_DIR / page.template).exists(), f"missing template for {page.id}"
        assert page.group in GROUPS
        assert all(m.startswith(("rpt_", "fct_", "dim_")) for m in page.marts), "pages read marts only"
    assert len({p.id for p in PAGES}) == len(PAGES)


def test_only_pages_whose_marts_all_exist_are_available() -> None:
    overview = page_by_id("dataset_overview")
    everything = {*overview.marts, RECOMMENDATIONS_MART}
    assert overview in available_pages(everything)
    assert available_pages(set()) == []
    for missing in everything:
        assert overview not in available_pages(everything - {missing}), f"listed without {missing}"


def test_recommendations_mart_is_required_only_when_the_page_shows_recommendations() -> None:
    plain = ReportPage(
        id="x", title="X", group="Core", description="d", marts=("rpt_x__a",), recommendations=False
    )
    with_recs = ReportPage(id="y", title="Y", group="Core", description="d", marts=("rpt_y__a",))
    pages = (plain, with_recs)
    assert available_pages({"rpt_x__a", "rpt_y__a"}, pages) == [plain]
    assert available_pages({"rpt_x__a", "rpt_y__a", RECOMMENDATIONS_MART}, pages) == [plain, with_recs]


def test_bad_declarations_are_refused() -> None:
    with pytest.raises(ValueError, match="group"):
        ReportPage(id="x", title="X", group="Misc", description="d", marts=("rpt_x__a",))
    with pytest.raises(ValueError, match="reads no mart"):
        ReportPage(id="x", title="X", group="Core", description="d", marts=())
    with pytest.raises(KeyError, match="no report page"):
        page_by_id("nope")
