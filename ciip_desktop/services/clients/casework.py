"""(being written) CaseworkService."""

from __future__ import annotations

from ciip_desktop.services.context import ServiceContext


class CaseworkService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
