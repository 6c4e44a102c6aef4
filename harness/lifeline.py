"""Processes that die with their parent: the fakes' processes of `pvo-sandbox up` and `serve`,
and the workers of each, even when the parent is killed by a signal it cannot handle (`kill -9`,
the OOM killer). Without it, a killed launcher left its gunicorn arbiters and workers serving,
orphaned, and a restart found the ports taken.

Linux's parent-death signal (`prctl(PR_SET_PDEATHSIG)`) is asked for in the child; elsewhere
the children still stop with a launcher that stops normally (Ctrl-C, SIGTERM).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Have SIGTERM sent to this process when `parent` (the process that forked it) dies; and
    send it now if `parent` died before this was asked."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) != 0:
        return  # refused (a seccomp profile): the normal stop still takes the children
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)
