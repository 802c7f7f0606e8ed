"""What pyproject.toml cannot say: top-level folders that ship inside the package.

``resources/`` and ``translations/`` sit beside ``ciip_desktop/`` in the source tree (the
office's layout) and are installed as ``ciip_desktop/resources`` and
``ciip_desktop/translations``, so a wheel is self-contained. Every Python package below
``ciip_desktop`` is found automatically, Alembic's migration folders are listed, and every
folder of the two data trees is listed as a data package with all its files.
"""

from pathlib import Path

from setuptools import find_packages, setup

DATA_TREES = {"ciip_desktop.resources": "resources", "ciip_desktop.translations": "translations"}


def data_packages() -> list[str]:
    names = []
    for package, folder in DATA_TREES.items():
        names.append(package)
        for sub in sorted(p for p in Path(folder).rglob("*") if p.is_dir()):
            if sub.name != "__pycache__":
                names.append(".".join([package, *sub.relative_to(folder).parts]))
    return names


DATA_PACKAGES = data_packages()
# Alembic's folders: loaded by path, not imported as packages (no __init__.py).
MIGRATIONS = ["ciip_desktop.store.migrations", "ciip_desktop.store.migrations.versions"]

setup(
    packages=[
        *find_packages(include=["ciip_desktop", "ciip_desktop.*"]),
        *MIGRATIONS,
        *DATA_PACKAGES,
    ],
    package_dir=DATA_TREES,
    package_data={
        **{name: ["*"] for name in DATA_PACKAGES},
        **{name: ["*.py", "*.mako"] for name in MIGRATIONS},
    },
)
