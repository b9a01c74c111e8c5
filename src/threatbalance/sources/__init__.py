"""Data sources: the registry of shipped data sets and the loading of their tables."""

from ._load import checksums, load_table, verify_checksums
from ._registry import DATA_END, DATA_START, Source, cite, get_source, sources

__all__ = [
    "DATA_END",
    "DATA_START",
    "Source",
    "checksums",
    "cite",
    "get_source",
    "load_table",
    "sources",
    "verify_checksums",
]
