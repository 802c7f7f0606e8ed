"""What pyproject.toml cannot say: top-level folders that ship inside the package.

``resources/`` and ``translations/`` sit beside ``ciip_desktop/`` in the source tree (the
office's layout) and are installed as ``ciip_desktop/resources`` and
``ciip_desktop/translations``, so a wheel is self-contained. Every Python package below
``ciip_desktop`` is found automatically.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = {"ciip_desktop.resources": "resources", "ciip_desktop.translations": "translations"}

setup(
    packages=[*find_packages(include=["ciip_desktop", "ciip_desktop.*"]), *DATA_PACKAGES],
    package_dir=DATA_PACKAGES,
)
