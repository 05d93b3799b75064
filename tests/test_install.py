"""`pip install .` from a clean copy gives a working `handouts` that finds its content,
fonts, logo and compiled catalogs (not only an editable checkout).

The venv is isolated: it sees neither the interpreter running the tests nor the base
interpreter's site-packages, so a dependency missing from pyproject.toml fails here.
pip's own cache keeps the install quick after the first run."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_pip_install_from_a_clean_copy(tmp_path: Path) -> None:
    src = tmp_path / "src"
    # A clean copy of what git tracks (plus new files not ignored): what a fresh clone holds.
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes((ROOT / name).read_bytes())
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=False, with_pip=True)
    py = env_dir / "bin" / "python"
    isolated = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE")
    }
    isolated["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(src)], check=True, timeout=900, env=isolated)
    # Nothing outside the venv is visible to it: only its own site-packages on sys.path.
    paths = subprocess.run(
        [str(py), "-c", "import sys; print('\\n'.join(p for p in sys.path if 'site-packages' in p))"],
        capture_output=True,
        text=True,
        check=True,
        env=isolated,
    ).stdout.split()
    assert paths and all(p.startswith(str(env_dir)) for p in paths), paths
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(py), "-c", "import handouts; print(handouts.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
        env=isolated,
    ).stdout.strip()
    installed = Path(where).parent
    assert str(installed).startswith(str(env_dir)), where
    assert list(installed.glob("locales/*/LC_MESSAGES/handouts.mo")), "catalogs were not compiled"
    assert (installed / "assets" / "fonts" / "NotoSans-Regular.ttf").is_file()
    assert (installed / "content" / "refametinib" / "facts.yaml").is_file()
    exe = env_dir / "bin" / "handouts"
    out = subprocess.run(
        [str(exe), "build", "refametinib", "-o", "r.pdf"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
        env=isolated,
    )
    assert out.returncode == 0, out.stderr
    assert (work / "r.pdf").read_bytes().startswith(b"%PDF-")
    listing = subprocess.run(
        [str(exe), "list"], cwd=work, capture_output=True, text=True, check=True, env=isolated
    ).stdout
    assert "refametinib" in listing and "ralimetinib" in listing
    # the HTML edition: its templates are package data, its libraries dependencies
    out = subprocess.run(
        [str(exe), "build", "refametinib", "--lang", "ko", "--format", "html", "-o", "r.html"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
        env=isolated,
    )
    assert out.returncode == 0, out.stderr
    page = (work / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ko"' in page
    assert "data:font/woff;base64," in page
