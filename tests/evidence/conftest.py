from tests.evidence.browser import browser

__all__ = ["browser"]
