"""The rule pack: pure functions from a timeline to findings."""
