"""Named points where a test can have the process killed, to prove a step is all-or-nothing.

``CIIP_TEST_KILL_AT=<name>`` makes the process SIGKILL itself when it reaches the point
``<name>`` (for example ``init:schema-built`` or ``demo:batch-written``); without the
variable a fault point does nothing. Only tests set it.
"""

from __future__ import annotations

import os
import signal

ENV = "CIIP_TEST_KILL_AT"


def fault_point(name: str) -> None:
    """Die here, at once and without cleaning up, if a test asked for it."""
    if os.environ.get(ENV) == name and hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
