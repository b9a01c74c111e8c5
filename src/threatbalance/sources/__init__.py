"""Data sources: the registry of shipped data sets and the loading of their tables."""

from ._load import checksums, load_table, verify_checksums
from ._registry import DATA_END, DATA_START, SYSTEM_END, Source, cite, data_versions, get_source, sources, system_end

__all__ = [
    "DATA_END",
    "DATA_START",
    "SYSTEM_END",
    "Source",
    "checksums",
    "cite",
    "data_versions",
    "get_source",
    "load_table",
    "sources",
    "system_end",
    "verify_checksums",
]
