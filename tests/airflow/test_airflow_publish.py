"""Publishing the site: a directory copy (default) and a real git push to a gh-pages branch."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from include.publish import publish_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<html>v1</html>")
    (site / "assets" / "chart.umd.min.js").write_text("/* chart */")
    return site


def test_copy_replaces_the_previous_publication(site, tmp_path, data_dir):
    target = tmp_path / "public"
    target.mkdir()
    (target / "stale.html").write_text("old")
    assert publish_site(site, target_dir=target) == str(target.resolve())
    assert (target / "index.html").read_text() == "<html>v1</html>"
    assert (target / "assets" / "chart.umd.min.js").exists()
    assert not (target / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "public", "site"]


def test_default_target_is_the_publish_dir_setting(site, data_dir, monkeypatch):
    monkeypatch.delenv("FINOPS_PUBLISH_GIT_REMOTE", raising=False)
    assert Path(publish_site(site)) == data_dir / "public"
    assert (data_dir / "public" / "index.html").exists()


def test_refuses_a_folder_without_index(tmp_path, data_dir):
    with pytest.raises(FileNotFoundError, match="render the site first"):
        publish_site(tmp_path)


def test_git_push_to_gh_pages(site, tmp_path, data_dir):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True, timeout=60)
    for version in ("v1", "v2"):  # a second publication replaces the first (force push)
        (site / "index.html").write_text(f"<html>{version}</html>")
        assert publish_site(site, git_remote=str(remote)) == f"{remote}#gh-pages"
    show = subprocess.run(
        ["git", "--git-dir", str(remote), "show", "gh-pages:index.html"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert show.stdout == "<html>v2</html>"
    files = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert sorted(files) == [".nojekyll", "assets/chart.umd.min.js", "index.html"]
    count = subprocess.run(
        ["git", "--git-dir", str(remote), "rev-list", "--count", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    assert count == "1"
