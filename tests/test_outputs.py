"""Output files: never replace what is not a regular file, write through symlinks, short temp names, clear
errors with the old file intact on a full disk, nothing left behind on Ctrl+C, report sets all or none."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from interconnect import OutputError
from interconnect.outputs import atomic_write, atomic_write_many, check_writable


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_character_device_is_refused_and_left_alone() -> None:
    before = os.stat("/dev/null")
    with pytest.raises(OutputError, match="it is a character device, not a regular file"):
        atomic_write("/dev/null", "x")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="it is a FIFO"):
        atomic_write(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert atomic_write(link, "new") == link
    assert link.is_symlink() and real.read_text() == "new" and _temps(tmp_path) == []


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputError, match="character device"):
        atomic_write(link, "x")
    assert link.is_symlink()


def test_a_250_character_file_name_works(tmp_path: Path) -> None:
    target = tmp_path / ("r" * 245 + ".json")
    atomic_write(target, "{}")
    assert target.read_text() == "{}"
    with pytest.raises(OutputError, match="longer than 255 bytes"):
        atomic_write(tmp_path / ("r" * 256), "x")


def test_a_read_only_file_is_not_overwritten_even_by_root(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("keep")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        atomic_write(target, "new")
    assert target.read_text() == "keep"


@pytest.mark.parametrize(("code", "reason"), [(errno.ENOSPC, "no space left"), (errno.EDQUOT, "quota"),
                                              (errno.EFBIG, "too large")])
def test_a_full_disk_is_a_clear_error_and_the_old_file_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             code: int, reason: str) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")

    def full(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match=reason):
        atomic_write(target, "new" * 1000)
    assert target.read_text() == "old" and _temps(tmp_path) == []


def test_no_free_inode_for_the_temp_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def no_inode(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_inode)
    with pytest.raises(OutputError, match="no space left on the device; nothing was replaced"):
        atomic_write(tmp_path / "x.json", "x")


def test_ctrl_c_during_a_write_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new")
    assert target.read_text() == "old" and _temps(tmp_path) == []


def test_temp_files_of_killed_writers_are_removed_by_the_next_write(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()  # a process id that no longer runs
    stale = tmp_path / f".ic-{dead}-abc123.tmp"
    stale.write_text("partial output")
    live = tmp_path / f".ic-{os.getpid()}-xyz789.tmp"  # a writer still running: kept
    live.write_text("in progress")
    other = tmp_path / ".notes.tmp"  # not ours: kept
    other.write_text("x")
    atomic_write(tmp_path / "out.json", "{}")
    assert not stale.exists() and live.exists() and other.exists()


def test_a_set_of_files_is_replaced_all_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report, chart = tmp_path / "r.md", tmp_path / "r-power.png"
    report.write_text("old report")
    chart.write_bytes(b"old chart")
    real_fsync, calls = os.fsync, []

    def second_fails(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", second_fails)
    with pytest.raises(OutputError, match="nothing was replaced"):
        atomic_write_many({report: "new report", chart: b"new chart"})
    assert report.read_text() == "old report" and chart.read_bytes() == b"old chart" and _temps(tmp_path) == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    atomic_write_many({report: "new report", chart: b"new chart"})
    assert report.read_text() == "new report" and chart.read_bytes() == b"new chart"


def test_permissions_of_the_replaced_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_check_writable_returns_the_file_that_will_be_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    (tmp_path / "link.md").symlink_to(real)
    assert check_writable(tmp_path / "link.md") == real


@pytest.mark.parametrize("target", ["/dev/null", "/dev/zero", "/dev/full"])
def test_the_cli_refuses_a_device_with_exit_status_1(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    from interconnect.cli import main

    assert main(["compare", "--format", "json", "-o", target]) == 1
    err = capsys.readouterr().err
    assert "character device, not a regular file" in err and "Traceback" not in err
