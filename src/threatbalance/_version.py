"""The package version (one place; the package root and the reports read it from here)."""

__version__ = "0.1.0"
