"""Android privacy-compliance test harness."""

__version__ = "0.1.0"
