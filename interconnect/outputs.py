"""Output files written safely: atomically, never over what is not a regular file, never half a set.

Rules (docs/cli.md, "Output files"):
- a target that exists and is not a regular file (character or block device, FIFO, socket, folder) is
  refused with an ``OutputError`` (exit status 1): ``-o /dev/null`` does not replace the device;
- a symlink is written through: its target is replaced atomically and the link stays;
- a file without any write permission bit is refused, even for root (who ignores permissions);
- data goes to a short temporary file beside the target (``.ic-<pid>-<random>.tmp``, so a 250-character
  file name works), is flushed to disk, then renamed over the target: readers see the old file or the new
  one; a full disk, a quota or no free inode is an ``OutputError`` with the old file intact;
- the temporary file is removed on any failure and on Ctrl+C; one left by a killed process is removed by
  the next write into the same folder (its process no longer runs);
- several files (a Markdown report and its charts) are all written to temporary files first and renamed
  only when every one was written, so a failure leaves the old set whole.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from interconnect.errors import OutputError

__all__ = ["atomic_write", "atomic_write_many", "check_writable"]

_TEMP_PREFIX = ".ic-"
_TEMP = re.compile(r"^\.ic-(\d+)-[A-Za-z0-9_]+\.tmp$")
_STALE_SECONDS = 24 * 3600  # a temp file this old is stale even if its process id was reused
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))
_CLEAR = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "disk quota exceeded",
          errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
          errno.ENAMETOOLONG: "the file name is too long", errno.EFBIG: "the file is too large"}


def _reason(exc: OSError) -> str:
    return _CLEAR.get(exc.errno or 0, exc.strerror or str(exc))


def check_writable(path: str | Path) -> Path:
    """Fail early (``OutputError``) when ``path`` cannot be written; return the file that will be replaced
    (a symlink's target)."""
    given = Path(path)
    if len(os.fsencode(given.name)) > 255:
        raise OutputError(f"cannot write {given}: the file name is longer than 255 bytes")
    try:
        target = Path(os.path.realpath(given)) if given.is_symlink() else given
    except OSError as exc:
        raise OutputError(f"cannot write {given}: {_reason(exc)}") from None
    parent = target.parent if str(target.parent) else Path(".")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write {given}: {_reason(exc)}") from None
    if info is not None:
        for test, kind in _KINDS:
            if test(info.st_mode):
                hint = "" if kind == "a directory" else " (leave out -o, or give '-o -', to print instead)"
                raise OutputError(f"cannot write {given}: it is {kind}, not a regular file; it is left as it "
                                  f"is{hint}")
        if info.st_mode & 0o222 == 0 or not os.access(target, os.W_OK):
            raise OutputError(f"cannot write {given}: the file is read-only")
    if not parent.is_dir():
        raise OutputError(f"cannot write {given}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {given}: folder {parent} is not writable")
    if len(os.fsencode(target.name)) > 255:
        raise OutputError(f"cannot write {given}: the file name is longer than 255 bytes")
    return target


def _clean_stale(folder: Path) -> None:
    """Remove temporary files left in ``folder`` by writers that were killed."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = _TEMP.match(entry.name)
            if not match or not entry.is_file(follow_symlinks=False):
                continue
            pid = int(match.group(1))
            alive = True
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                alive = False
            except OSError:
                pass
            with contextlib.suppress(OSError):
                if not alive or time.time() - entry.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS:
                    os.unlink(entry.path)


def _write_temp(target: Path, payload: bytes) -> str:
    """A flushed temporary file beside ``target`` holding ``payload``, with the target's permissions."""
    fd, temp = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = os.stat(target).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_many(files: Mapping[str | Path, str | bytes]) -> list[Path]:
    """Write every file atomically, as a set: all are written to temporary files first and renamed only
    when every one succeeded. Return the paths written (symlinks as given)."""
    targets = [(Path(p), check_writable(p), d.encode("utf-8") if isinstance(d, str) else d) for p, d in files.items()]
    for folder in {t.parent for _, t, _ in targets}:
        _clean_stale(folder)
    temps: list[str] = []
    try:
        for given, target, payload in targets:
            try:
                temps.append(_write_temp(target, payload))
            except OSError as exc:
                raise OutputError(f"cannot write {given}: {_reason(exc)}; nothing was replaced") from None
        for (given, target, _), temp in zip(targets, temps, strict=True):
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise OutputError(f"cannot write {given}: {_reason(exc)}") from None
    except BaseException:
        for temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise
    return [given for given, _, _ in targets]


def atomic_write(path: str | Path, data: str | bytes) -> Path:
    """Write to a temporary file beside ``path``, then rename over it: readers never see half a file."""
    return atomic_write_many({path: data})[0]
