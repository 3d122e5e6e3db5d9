"""Coordinates in traffic: a known latitude or longitude sent to 3 or more decimals.

Three decimals of a degree are about 100 m, enough to place a person in a street; that is
the precision from which a coordinate counts as the device's location. An SDK sends the
value as the app read it, or rounded, or truncated (`String.format("%.4f")` rounds half
up, a cast through float or a substring truncates), so a match is any decimal number in
the text that equals the known value truncated or rounded to its own number of decimals.

The automaton only needs a literal to find candidates: the known value cut to 3 decimals
(and, where rounding changes the third decimal, the rounded one). `verify` then reads the
whole number at the hit and checks it digit by digit. Known gaps: coordinates sent as
scaled integers (39904211 for 39.904211) or in degrees-minutes-seconds are not found.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

MIN_DECIMALS = 3
_NUMBER = re.compile(r"-?\d{1,3}\.\d+")


def coordinate_values(value: str) -> list[str]:
    """The numbers with at least 3 decimals in a known value ("39.904211,116.407395")."""
    found: list[str] = []
    for number in _NUMBER.findall(value):
        if _decimals(number) >= MIN_DECIMALS and number not in found:
            found.append(number)
    return found


def _decimals(number: str) -> int:
    return len(number) - number.index(".") - 1 if "." in number else 0


def _quantized(number: str, decimals: int, rounding: str) -> str:
    return str(Decimal(number).quantize(Decimal(1).scaleb(-decimals), rounding=rounding))


def candidate_literals(number: str) -> list[str]:
    """What the automaton looks for: the number truncated, and rounded, to 3 decimals."""
    literals: list[str] = []
    for rounding in (ROUND_DOWN, ROUND_HALF_UP, ROUND_HALF_EVEN):
        literal = _quantized(number, MIN_DECIMALS, rounding)
        if literal not in literals:
            literals.append(literal)
    return literals


def verify(text: str, start: int, end: int, known: str) -> tuple[str, int] | None:
    """("coordinate-5dp", end of the number) if text[start:end] begins the known coordinate.

    `end` is where the literal ended; the number goes on over any further digits. A number
    that is part of a longer one (a digit, a dot or a minus sign before it) is not a match.
    """
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".-"):
        return None
    stop = end
    while stop < len(text) and "0" <= text[stop] <= "9":
        stop += 1
    seen = text[start:stop]
    decimals = _decimals(seen)
    if decimals < MIN_DECIMALS:
        return None
    known_decimals = _decimals(known)
    if decimals > known_decimals:
        # More digits than the app read: float noise (39.904211000000001) or padding.
        ok = seen.startswith(known)
    else:
        try:
            ok = seen in {
                _quantized(known, decimals, rounding)
                for rounding in (ROUND_DOWN, ROUND_HALF_UP, ROUND_HALF_EVEN)
            }
        except InvalidOperation:
            ok = False
    return (f"coordinate-{decimals}dp", stop) if ok else None
