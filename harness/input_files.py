"""The files the command line reads (BDCs, support cases): regular files of bounded size.

A path given on the command line may be `/dev/zero`, a named pipe or a file gigabytes long:
read whole, it would grow without end or wait forever for a writer. It is opened without
blocking, checked to be a regular file, and read up to a limit well above any real BDC
(about 4 KB) or case (about 2 KB).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 1024 * 1024  # 1 Mo


class InputFileError(Exception):
    """The file cannot be taken as input; the message says why, in French."""


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES.

    Raises InputFileError (not a regular file, too large) and OSError (cannot be opened)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens without a writer
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise InputFileError(
                f"« {path} » n'est pas un fichier ordinaire (périphérique, tube ou socket) : "
                "donnez le chemin d'un fichier."
            )
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputFileError(
            f"« {path} » dépasse {MAX_BYTES // 1024 // 1024} Mo : ce n'est pas un bon de commande "
            "ni un cas."
        )
    return data
