"""What every client-record service is built with: the context, the package check and today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ciip_desktop.services.clients.search_index import index_written_clients
from ciip_desktop.services.clients.status import PackageReadyCheck, no_package
from ciip_desktop.services.context import ServiceContext


class ClientRecordService:
    """Base of the services that write client records.

    ``package_ready`` tells the status rules whether a client's package is ready (the
    package builder supplies it); ``today`` is injectable so that tests can fix the date.
    Every such service keeps the search index current through the same flush hook.
    """

    def __init__(
        self,
        ctx: ServiceContext,
        package_ready: PackageReadyCheck = no_package,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.ctx = ctx
        self.package_ready = package_ready
        self.today = today
        ctx.add_flush_hook(index_written_clients)
