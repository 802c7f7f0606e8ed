"""The wheel carries the top-level resources/ and translations/ folders inside the package.

The wheel is built from a copy of the source tree, installed into its own folder, and a
process started outside the source tree finds the font, the reference data and the compiled
catalogs through the installed package alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from ciip_desktop.i18n_build import compile_all

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["pyproject.toml", "setup.py", "README.md", "ciip_desktop", "resources", "translations"]

PROBE = r"""
import json, sys
import ciip_desktop
from ciip_desktop import config, i18n
from ciip_desktop.services.reference import Reference
i18n.set_language("zh_CN")
reference = Reference.load()
print(json.dumps({
    "package": ciip_desktop.__file__,
    "font": str(config.CJK_FONT_FILE),
    "font_size": config.CJK_FONT_FILE.stat().st_size,
    "reference": str(config.REFERENCE_DIR),
    "mo": [str(p) for p in sorted(config.TRANSLATIONS_DIR.glob("*/LC_MESSAGES/*.mo"))],
    "clients_in_chinese": i18n._("Clients"),
    "provinces": len(reference.provinces()),
}))
"""


def _copy_sources(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)


def test_installed_wheel_finds_font_reference_data_and_catalogs(tmp_path: Path) -> None:
    compile_all()  # as `make` does before a build: the wheel ships compiled catalogs
    src, dist, site, elsewhere = (tmp_path / n for n in ("src", "dist", "site", "elsewhere"))
    src.mkdir()
    elsewhere.mkdir()
    _copy_sources(src)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(dist), str(src)], check=True)
    (wheel,) = dist.glob("ciip_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ciip_desktop/resources/fonts/wqy-microhei.ttc" in names
    assert "ciip_desktop/resources/reference/noc2021.csv" in names
    assert "ciip_desktop/translations/zh_CN/LC_MESSAGES/messages.mo" in names
    assert not any(n.startswith(("resources/", "translations/")) for n in names)

    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(site), "CIIP_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = json.loads(out)
    installed = site / "ciip_desktop"
    assert Path(found["package"]).parent == installed  # not the source tree
    assert found["font"] == str(installed / "resources" / "fonts" / "wqy-microhei.ttc")
    assert found["font_size"] > 1_000_000
    assert found["reference"] == str(installed / "resources" / "reference")
    assert found["mo"] == [
        str(installed / "translations" / lang / "LC_MESSAGES" / "messages.mo")
        for lang in ("en", "fr_CA", "zh_CN")
    ]
    assert found["clients_in_chinese"] == "客户"
    assert found["provinces"] >= 10
