"""The screens that replace their placeholder the first time they are shown.

Each screen's modules are imported only then, so the first paint and the start-up budget do
not grow with every screen the app gains. A new screen adds one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ciip_desktop.services.bundle import Services
    from ciip_desktop.services.context import Actor
    from ciip_desktop.ui.worker import TaskRunner


def _calendar(services: Services, actor: Actor, runner: TaskRunner, parent: QWidget) -> QWidget:
    from ciip_desktop.ui.calendar.screen import CalendarScreen

    return CalendarScreen(services, actor, parent)


def _packages(services: Services, actor: Actor, runner: TaskRunner, parent: QWidget) -> QWidget:
    from ciip_desktop.ui.packages.screen import PackagesScreen

    return PackagesScreen(services, actor, runner, parent)


def _quality(services: Services, actor: Actor, runner: TaskRunner, parent: QWidget) -> QWidget:
    from ciip_desktop.ui.quality.screen import QualityScreen

    return QualityScreen(services, actor, parent)


def _audit(services: Services, actor: Actor, runner: TaskRunner, parent: QWidget) -> QWidget:
    from ciip_desktop.ui.security.audit_screen import AuditScreen

    return AuditScreen(services.ctx, actor, runner, parent)


ScreenBuilder = Callable[["Services", "Actor", "TaskRunner", QWidget], QWidget]
LAZY_SCREENS: dict[str, ScreenBuilder] = {
    "calendar": _calendar,
    "packages": _packages,
    "quality": _quality,
    "audit": _audit,
}
