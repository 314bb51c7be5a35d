"""A recovery copy of the project when the TUI stops on an unexpected error: nothing typed is lost.

No Textual here. The copy goes beside the project's file (``fabric.recovered-20260101-120000.toml``)
or, when the project has no file or its folder is not writable, into the user data folder
(``platformdirs.user_data_path("interconnect")/recovery``). Written atomically (``interconnect.files``).
The error's traceback goes to a ``.log`` file beside the copy, not to the terminal.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from interconnect.errors import InterconnectError
from interconnect.files import atomic_write

__all__ = ["Recovery", "recovery_folder", "save_recovery"]


@dataclass(frozen=True)
class Recovery:
    """Where the recovery copy and the error log went (None: could not be written) and what failed."""

    copy: Path | None
    log: Path | None
    error: str

    def message(self) -> str:
        """What the terminal says after the app stopped."""
        lines = [f"interconnect tui stopped on an unexpected error: {self.error}"]
        if self.copy is not None:
            lines.append(f"Your fabric and scenarios are saved in {self.copy}")
            lines.append(f"Open it again with: interconnect tui {self.copy}")
        else:
            lines.append("The recovery copy could not be written.")
        if self.log is not None:
            lines.append(f"Details for a bug report: {self.log}")
        return "\n".join(lines)


def recovery_folder() -> Path:
    """The user data folder for recovery copies (created when missing)."""
    import platformdirs

    folder = Path(platformdirs.user_data_path("interconnect", appauthor=False)) / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_recovery(text: str, path: Path | None, error: BaseException, *, stamp: str | None = None) -> Recovery:
    """Write ``text`` (the project's TOML) as a recovery copy near ``path`` and the traceback beside it.

    Never raises: a copy that cannot be written beside the file goes to the user data folder; if that
    fails too, ``Recovery.copy`` is None.
    """
    stamp = stamp or time.strftime("%Y%m%d-%H%M%S")
    stem = path.stem if path is not None else "unsaved-project"
    name = f"{stem}.recovered-{stamp}"
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    folders = [path.parent] if path is not None else []
    for folder in [*folders, None]:
        try:
            where = folder if folder is not None else recovery_folder()
            copy = atomic_write(where / f"{name}.toml", text)
        except (InterconnectError, OSError):
            continue
        try:
            log: Path | None = atomic_write(where / f"{name}.log", details)
        except (InterconnectError, OSError):
            log = None
        return Recovery(copy, log, _summary(error))
    return Recovery(None, None, _summary(error))


def _summary(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    first = "".join(c if c.isprintable() else "?" for c in text[0][:300]) if text else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__
