""""Did you mean" hints, one way for every face."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["close_matches", "did_you_mean"]


def close_matches(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates closest to ``word``, best first."""
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)


def did_you_mean(word: str, candidates: Iterable[str], n: int = 1, cutoff: float = 0.6) -> str:
    """``"; did you mean 'cost'?"``, or empty when nothing is close."""
    close = close_matches(word, candidates, n, cutoff)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
