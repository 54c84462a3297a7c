"""Moving a portfolio in and out of files: tpmfolio's own JSON/YAML, CSV, JSON Resume.

Everything here is a pure function over model objects; the store decides how
an import is applied (upsert by uid, all or nothing).
"""

from .csvformat import CSV_COLUMNS, entries_from_csv, entries_to_csv
from .document import (
    FORMAT_VERSION,
    FORMATS,
    ImportedPortfolio,
    PortfolioContents,
    detect_format,
    dumps,
    export_document,
    export_text,
    load_document,
)
from .entries import dump_entry_yaml, entry_from_data, entry_to_data, load_entry_yaml
from .jsonresume import from_jsonresume, kpi_sentence, to_jsonresume

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "FORMAT_VERSION",
    "ImportedPortfolio",
    "PortfolioContents",
    "detect_format",
    "dump_entry_yaml",
    "dumps",
    "entries_from_csv",
    "entries_to_csv",
    "entry_from_data",
    "entry_to_data",
    "export_document",
    "export_text",
    "from_jsonresume",
    "kpi_sentence",
    "load_document",
    "load_entry_yaml",
    "to_jsonresume",
]
