"""The resource library and the information package builder (issue 16)."""

from ciip_desktop.services.packages.builder import PackageBuilder
from ciip_desktop.services.packages.issuing import PackageIssuer, package_ready
from ciip_desktop.services.packages.library import LibraryService

__all__ = ["LibraryService", "PackageBuilder", "PackageIssuer", "package_ready"]
