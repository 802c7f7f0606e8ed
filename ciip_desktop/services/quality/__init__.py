"""Service quality (issue 18): published standards measured from the records."""

from ciip_desktop.services.quality.service import QualityService

__all__ = ["QualityService"]
