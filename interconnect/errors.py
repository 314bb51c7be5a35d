"""The exception tree. Every error a user can cause is an ``InterconnectError``; the CLI and TUI print
its message (never a traceback) and exit 1, or 2 for usage errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class InterconnectError(Exception):
    """Base of every error the package raises on bad input."""


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file: where it is and what is wrong."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.entry, f"field '{self.field}'" if self.field else "") if p]
        return f"{': '.join(parts)}: {self.message}"


class ProblemsError(InterconnectError):
    """Several located problems, reported all at once."""

    def __init__(self, problems: Sequence[Problem], headline: str = "invalid input") -> None:
        self.problems = tuple(problems)
        lines = [f"{headline} ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}):"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class CatalogError(ProblemsError):
    """A catalog file is malformed or inconsistent."""


class FabricError(ProblemsError):
    """A fabric or scenario file is malformed."""


class UnknownIdError(InterconnectError, KeyError):
    """An id that names no catalog entry (the message suggests close ids)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown id"


class InfeasibleError(InterconnectError):
    """A fabric and scenario that cannot be built: says why and what would fit."""


class UsageError(InterconnectError):
    """A command-line argument that does not make sense (exit status 2)."""


class OutputError(InterconnectError):
    """An output path that cannot be written."""
