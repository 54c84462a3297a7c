"""The SQLite file: the only package that knows the table layout.

It speaks in model objects on one side and rows on the other; rules about
what a valid portfolio is (known slugs, for instance) live in
:mod:`tpmfolio.portfolio`. ``database`` opens the file and runs
transactions, ``entries`` reads and writes entries, ``queries`` filters,
searches and counts them, ``catalog`` holds skills, KPIs, the profile and
applications.
"""

from .catalog import (
    catalog_flags,
    insert_application,
    insert_kpi,
    insert_skill,
    load_applications,
    load_kpis,
    load_profile,
    load_skills,
    save_profile,
    set_catalog_field,
    upsert_kpi,
    upsert_skill,
)
from .database import APP_NAME, BUSY_TIMEOUT_MS, backup, connect, default_db_path, write_transaction
from .entries import (
    CHILD_TABLES,
    collector_paused,
    count_entries,
    date_keys,
    delete_entry,
    entry_ids_by_uid,
    find_entry_id,
    insert_entries,
    insert_entry,
    insert_measurement,
    load_all_entries,
    load_entries,
    update_entry,
)
from .queries import (
    all_entry_ids,
    bm25_scores,
    evidence_tally,
    fts_any_query,
    fts_query,
    query_entry_ids,
    search_ids,
)

__all__ = [
    "APP_NAME",
    "BUSY_TIMEOUT_MS",
    "CHILD_TABLES",
    "all_entry_ids",
    "backup",
    "bm25_scores",
    "catalog_flags",
    "collector_paused",
    "connect",
    "count_entries",
    "date_keys",
    "default_db_path",
    "delete_entry",
    "entry_ids_by_uid",
    "evidence_tally",
    "find_entry_id",
    "fts_any_query",
    "fts_query",
    "insert_application",
    "insert_entries",
    "insert_entry",
    "insert_kpi",
    "insert_measurement",
    "insert_skill",
    "load_all_entries",
    "load_applications",
    "load_entries",
    "load_kpis",
    "load_profile",
    "load_skills",
    "query_entry_ids",
    "save_profile",
    "search_ids",
    "set_catalog_field",
    "update_entry",
    "upsert_kpi",
    "upsert_skill",
    "write_transaction",
]
