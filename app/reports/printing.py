"""The Print button: on Windows the .docx goes to the default printer through the shell
(Word, or whatever program is registered for the "print" verb); elsewhere it is opened
in the desktop's program for it (LibreOffice), where the user prints it.
"""
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

from app.domain.errors import DomainError


def _check(path) -> Path:
    path = Path(path)
    if not path.exists():
        raise DomainError("error.print.not_found", "path", path=str(path))
    return path


def opener_command(path, platform=None) -> Optional[List[str]]:
    """The command that opens a file on this platform; None on Windows (the shell does it)."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return None
    if platform == "darwin":
        return ["open", str(path)]
    return ["xdg-open", str(path)]


def print_document(path, platform=None) -> str:
    """'printed' when sent to the printer (Windows), 'opened' when opened instead."""
    path = _check(path)
    platform = platform or sys.platform
    if platform.startswith("win"):
        try:
            os.startfile(str(path), "print")  # the shell's print verb (Windows only)
        except OSError as exc:
            raise DomainError("error.print.failed", "path", reason=exc.strerror or str(exc)) from exc
        return "printed"
    return open_document(path, platform)


def open_document(path, platform=None) -> str:
    path = _check(path)
    platform = platform or sys.platform
    if platform.startswith("win"):
        try:
            os.startfile(str(path))
        except OSError as exc:
            raise DomainError("error.print.failed", "path", reason=exc.strerror or str(exc)) from exc
        return "opened"
    command = opener_command(path, platform)
    try:
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         close_fds=True)
    except OSError as exc:
        raise DomainError("error.print.failed", "path", reason=exc.strerror or str(exc)) from exc
    return "opened"
