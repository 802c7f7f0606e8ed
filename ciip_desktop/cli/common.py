"""What every `ciip` subcommand is handed: its arguments, folders, and a way to open services."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ciip_desktop.config import Paths, database_path
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.store import Database


def open_services(args: argparse.Namespace, paths: Paths) -> tuple[Services, Actor]:
    """Open (creating or migrating, backup first) the database the options name.

    Only `ciip init` creates a missing folder: elsewhere a mistyped --db is an error.
    """
    db = Database.open(database_path(args.db), backup_dir=paths.backup_dir, create_folder=False)
    try:
        ctx = ServiceContext.open(db)
        services = Services.build(ctx)
        return services, ctx.counsellor_actor(getattr(args, "user", None))
    except BaseException:
        db.close()
        raise


@dataclass
class CommandEnv:
    args: argparse.Namespace
    paths: Paths
    open_services: Callable[[argparse.Namespace, Paths], tuple[Services, Actor]]

    def services(self) -> tuple[Services, Actor]:
        return self.open_services(self.args, self.paths)


Handler = Callable[[CommandEnv], int]
SubParsers = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_command(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(func=handler)
    return parser
