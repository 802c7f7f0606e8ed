"""(being written) ClientSearch."""

from __future__ import annotations

from ciip_desktop.services.context import ServiceContext


class ClientSearch:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
