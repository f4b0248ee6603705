"""The dbt docs the main job generates open from disk with no request leaving the machine."""

from __future__ import annotations

from central.paths import docs_dir
from tests.central.district import built, catalog  # noqa: F401 (fixtures)


def test_docs_index_is_self_contained_and_describes_in_chinese(built, offline_page):
    index = docs_dir(built) / "index.html"
    page = offline_page.page
    page.goto(index.as_uri() + "#!/model/model.haishu_dw.person_profile")
    page.wait_for_function("document.body.innerText.includes('一人一档')", timeout=60_000)
    assert "人员假名" in page.inner_text("body")  # column descriptions carry the Chinese names
    offline_page.screenshot("dbt_docs_person_profile")
    assert offline_page.external == []
