"""Publish the rendered site: copy it to a directory (default) or push it to a git branch.

The default target is ``FINOPS_PUBLISH_DIR`` (``data/public``), which any static web server can
serve. With ``FINOPS_PUBLISH_GIT_REMOTE`` set, the site is committed alone on a fresh history
and force-pushed to that remote's ``gh-pages`` branch (GitHub Pages serves it from there); the
push uses the machine's git credentials and nothing else.

A directory copy is replaced atomically enough for a reader: the new copy is written beside the
old one and swapped in with two renames, so a web server never serves half a site.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from include.settings import get_settings

GIT_TIMEOUT_SECONDS = 300
PAGES_BRANCH = "gh-pages"


def publish_site(site_dir: Path, *, target_dir: Path | None = None, git_remote: str | None = None) -> str:
    """Publish ``site_dir`` and return where it went (a directory path or ``remote#branch``).

    ``git_remote`` (or ``FINOPS_PUBLISH_GIT_REMOTE``) selects the git push; otherwise the site is
    copied to ``target_dir`` (or ``FINOPS_PUBLISH_DIR``).
    """
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").exists():
        raise FileNotFoundError(f"{site_dir} has no index.html: render the site first (`finops render`)")
    settings = get_settings()
    remote = git_remote if git_remote is not None else settings.publish_git_remote
    if remote:
        return push_to_git(site_dir, remote)
    return str(copy_to_directory(site_dir, target_dir or settings.publish_dir))


def copy_to_directory(site_dir: Path, target_dir: Path) -> Path:
    """Replace ``target_dir`` with a copy of ``site_dir``; return ``target_dir``."""
    target_dir = Path(target_dir).resolve()
    if target_dir == Path(site_dir).resolve():
        return target_dir
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.new-", dir=target_dir.parent))
    shutil.copytree(site_dir, staging, dirs_exist_ok=True)
    old = target_dir.with_name(f".{target_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target_dir.exists():
        target_dir.rename(old)
    staging.rename(target_dir)
    if old.exists():
        shutil.rmtree(old)
    return target_dir


def _git(args: list[str], cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_SECONDS, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"`git {' '.join(args)}` failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.strip()


def push_to_git(site_dir: Path, remote: str, branch: str = PAGES_BRANCH) -> str:
    """Commit the site alone (one commit, no history) and force-push it to ``remote``'s ``branch``."""
    with tempfile.TemporaryDirectory(prefix="finops-pages-") as tmp:
        work = Path(tmp)
        shutil.copytree(site_dir, work, dirs_exist_ok=True)
        (work / ".nojekyll").touch()  # serve files and folders starting with "_" as they are
        _git(["init", "--quiet", "--initial-branch", branch], work)
        _git(["add", "--all"], work)
        _git(
            [
                "-c",
                "user.name=finops",
                "-c",
                "user.email=finops@localhost",
                "commit",
                "--quiet",
                "--message",
                "Publish the FinOps report site",
            ],
            work,
        )
        _git(["push", "--quiet", "--force", remote, f"HEAD:refs/heads/{branch}"], work)
    return f"{remote}#{branch}"
