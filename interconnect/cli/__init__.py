"""The ``interconnect`` command line: a thin face over the Python API.

Exit status: 0 success, 1 invalid input (located errors printed), 2 usage error. Never a traceback
for bad input. Heavy modules (matplotlib, Textual) are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import cast

__all__ = ["main"]

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        from interconnect.text_safety import printable

        sys.stderr.write(f"{self.prog}: error: {printable(message)}\nhint: run '{self.prog} --help'\n")
        raise SystemExit(2)


def _top_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[argparse.ArgumentParser]]:
    from interconnect import __version__
    from interconnect.cli.commands import DESCRIPTION

    parser = _Parser(prog="interconnect", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"interconnect {__version__}")
    sub = cast("argparse._SubParsersAction[argparse.ArgumentParser]",
               parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser))
    return parser, sub


def quick_parser() -> argparse.ArgumentParser:
    """The top-level parser with every command named but none imported: ``--help`` and ``--version`` in
    the time of a bare interpreter start."""
    from interconnect.cli.commands import COMMANDS

    parser, sub = _top_parser()
    for name, text in COMMANDS.items():
        sub.add_parser(name, help=text)
    return parser


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; given the ``command`` about to run, only that command's module is imported."""
    from interconnect.cli import catalog_cmd, compare_cmd

    parser, sub = _top_parser()
    for register in (catalog_cmd.register, compare_cmd.register):
        register(sub)
    for extra in _optional_registrars(command):
        extra(sub)
    return parser


_OPTIONAL = ("sweep_cmd", "report_cmd", "sensitivity_cmd", "fleet_cmd", "breakeven_cmd", "tui_cmd")
_CORE = ("catalog", "compare")


def _optional_registrars(command: str | None = None
                         ) -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Commands living in their own modules (sweep, report, sensitivity, fleet, breakeven, tui): all of them, or
    none for a core command, or just ``command``'s (cold start: a command imports only what it needs)."""
    import importlib

    if command in _CORE:
        names: list[str] = []
    elif f"{command}_cmd" in _OPTIONAL:
        names = [f"{command}_cmd"]
    else:
        names = list(_OPTIONAL)
    out = []
    for name in names:
        try:
            module = importlib.import_module(f"interconnect.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"interconnect.cli.{name}":
                raise
            continue
        out.append(module.register)
    return out


def _interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` was caused, directly or down its chain, by Ctrl+C."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv``: the arguments, default ``sys.argv[1:]``); return the exit status."""
    try:
        code = _run(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:  # Ctrl+C while parsing arguments or importing a command's modules
        return 130
    except ImportError as exc:  # Ctrl+C inside a C extension's import (numpy) surfaces as an ImportError
        if not _interrupted(exc):
            raise
        return 130
    if argv is None:
        # Called as the program, which ends next: spare the interpreter's final garbage collection over
        # every object (pint's registry, the pydantic models), about 40 ms of a 0.5 s command.
        import gc

        gc.freeze()
    return code


_NL = "\n"
_QUICK: tuple[list[str], ...] = ([], ["-h"], ["--help"], ["--version"])


def _run(argv: list[str]) -> int:
    if argv in _QUICK:
        quick = quick_parser()
        if not argv:
            quick.print_help()
            return 2
        quick.parse_args(argv)  # prints and exits
    from interconnect.errors import InterconnectError, UsageError
    from interconnect.text_safety import printable

    parser = build_parser(next((a for a in argv if not a.startswith("-")), None))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        code: int = args.handler(args)
        return code
    except UsageError as exc:
        sys.stderr.write(f"interconnect: error: {printable(str(exc), keep=_NL)}\n"
                         f"hint: run 'interconnect {args.command} --help'\n")
        return 2
    except InterconnectError as exc:
        sys.stderr.write(f"error: {printable(str(exc), keep=_NL)}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
