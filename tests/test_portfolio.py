"""The Portfolio API on a real SQLite file."""


import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tpmfolio import Entry, Kpi, KpiResult, Portfolio, Profile, Skill
from tpmfolio.errors import DatabaseError, EntryNotFound, InvalidValue, TpmfolioError, UnknownSlug
from tpmfolio.migrations import migrations


@pytest.fixture
def folio(tmp_path):
    with Portfolio.open(tmp_path / "portfolio.db") as folio:
        yield folio


def checkout(**changes):
    fields = dict(
        title="Checkout redesign",
        kind="project",
        started="2024-03",
        ended="2024-09",
        organization="Acme",
        summary="Rebuilt the onboarding flow of checkout.",
        action="Ran customer research with 12 merchants.",
        skills=["customer-focus:3", "team-leadership:2"],
        kpis=[KpiResult.parse("adoption-rate=34% baseline=10% target=30%")],
        tags=["launch"],
        links=["https://example.com/launch"],
        testimonials=[{"quote": "Made it happen.", "author": "A. Lee", "author_role": "VP Product"}],
    )
    fields.update(changes)
    return Entry(**fields)


def test_add_then_get_returns_the_same_entry(folio):
    """What goes in comes back, with an id and timestamps."""
    entry = checkout()
    entry_id = folio.add(entry)
    stored = folio.get(entry_id)
    assert stored.id == entry_id
    assert stored.created and stored.updated
    assert (stored.title, stored.skills, stored.kpis, stored.links, stored.testimonials, stored.tags) == (
        entry.title, entry.skills, entry.kpis, entry.links, entry.testimonials, entry.tags
    )
    assert folio.get(stored.uid) == stored


def test_rows_are_plain_and_readable(folio, tmp_path):
    """Other tools see one row per thing, with the text as typed."""
    entry_id = folio.add(checkout())
    db = sqlite_utils.Database(tmp_path / "portfolio.db")
    assert db["entries"].get(entry_id)["title"] == "Checkout redesign"
    assert [(r["skill"], r["level"]) for r in db["entry_skills"].rows] == [("customer-focus", 3), ("team-leadership", 2)]
    kpi = next(db["kpi_results"].rows)
    assert (kpi["kpi"], kpi["actual"], kpi["baseline"], kpi["target"]) == ("adoption-rate", "34%", "10%", "30%")
    assert [r["tag"] for r in db["tags"].rows] == ["launch"]


def test_unknown_slugs_are_refused_with_suggestions(folio):
    """A typo in a slug never creates evidence for a skill that does not exist."""
    with pytest.raises(UnknownSlug, match="did you mean 'customer-focus'"):
        folio.add(checkout(skills=["custmer-focus:3"]))
    with pytest.raises(UnknownSlug, match="adoption-rate"):
        folio.add(checkout(kpis=[KpiResult("adopton-rate", "3%")]))
    assert folio.count() == 0


def test_library_errors_speak_of_the_library_not_the_cli(folio):
    """Errors a Python caller gets name no CLI command or flag; the CLI adds those."""
    messages = []
    for call in (
        lambda: folio.get(99),
        lambda: folio.skill("origami"),
        lambda: folio.add_kpi(Kpi("revenue", "Revenue")),
        lambda: folio.entries(limit=-1),
        lambda: folio.entries(since="last year"),
        lambda: KpiResult.parse("adoption-rate"),
    ):
        with pytest.raises(TpmfolioError) as caught:
            call()
        messages.append(str(caught.value))
    assert ["no entry with id 99", "unknown skill 'origami'",
            "KPI 'revenue' exists already; rename it to change its name", "limit must be 0 or more, not -1",
            "since: 'last year' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-03)",
            "write it as SLUG=VALUE, e.g. adoption-rate=34% baseline=10%"] == messages


def test_update_replaces_children_and_keeps_created(folio):
    """An update rewrites the entry's skills and KPIs in one go."""
    entry_id = folio.add(checkout())
    before = folio.get(entry_id)
    import attrs

    after = folio.update(attrs.evolve(before, title="Checkout v2", skills=["communication:1"], kpis=[]))
    assert after.title == "Checkout v2"
    assert after.skill_slugs == ("communication",)
    assert after.kpis == ()
    assert after.created == before.created
    assert [e.id for e in folio.search("v2")] == [entry_id]
    assert folio.search("redesign") == []


def test_remove_deletes_everything_attached(folio, tmp_path):
    """Removing an entry leaves no orphan rows and no search hit."""
    entry_id = folio.add(checkout())
    removed = folio.remove(entry_id)
    assert removed.title == "Checkout redesign"
    db = sqlite_utils.Database(tmp_path / "portfolio.db")
    for table in ("entries", "entry_skills", "kpi_results", "links", "tags", "testimonials"):
        assert db[table].count == 0, table
    assert folio.search("checkout") == []
    with pytest.raises(EntryNotFound):
        folio.get(entry_id)


def test_filters(folio):
    """entries() filters by skill, KPI, kind, tag, period and text, most recent first."""
    a = folio.add(checkout(title="Old course", kind="course", action="Finished the course.", started="2021", ended="2021",
                           skills=["business-acumen:2"], kpis=[], tags=["learning"]))
    b = folio.add(checkout(title="Checkout redesign"))
    c = folio.add(checkout(title="Ongoing platform work", started="2025-01", ended=None,
                           skills=["technical-acumen:3"], kpis=[KpiResult("cycle-time", "3 days")]))
    assert [e.id for e in folio.entries()] == [c, b, a]
    assert [e.id for e in folio.entries(skill="customer-focus")] == [b]
    assert [e.id for e in folio.entries(kpi="cycle-time")] == [c]
    assert [e.id for e in folio.entries(kind="course")] == [a]
    assert [e.id for e in folio.entries(tag="LEARNING")] == [a]
    assert [e.id for e in folio.entries(since="2024-06")] == [c, b]
    assert [e.id for e in folio.entries(until="2021-12")] == [a]
    assert [e.id for e in folio.entries(text="merchants")] == [c, b]
    assert [e.id for e in folio.entries(limit=1)] == [c]
    with pytest.raises(UnknownSlug):
        folio.entries(skill="nope")


def test_confidential_entries_can_be_left_out(folio):
    folio.add(checkout(title="Secret merger", confidential=True))
    folio.add(checkout(title="Public launch"))
    assert [e.title for e in folio.entries(include_confidential=False)] == ["Public launch"]


def test_search_is_stemmed_and_safe(folio):
    """Search finds word forms and treats FTS syntax characters as text."""
    entry_id = folio.add(checkout())
    assert [e.id for e in folio.search("onboard")] == [entry_id]
    assert [e.id for e in folio.search("MERCHANT research")] == [entry_id]
    assert folio.search('"unbalanced AND ( NEAR') == []
    with pytest.raises(InvalidValue):
        folio.search("   ")


def test_measure_appends_a_point(folio):
    entry_id = folio.add(checkout())
    folio.measure(entry_id, "adoption-rate", "12%", "2024-04")
    folio.measure(entry_id, "adoption-rate", "20%", "2024-06")
    assert [str(m.value) for m in folio.get(entry_id).measurements] == ["12%", "20%"]
    with pytest.raises(UnknownSlug):
        folio.measure(entry_id, "adoption", "1%", "2024-06")
    with pytest.raises(InvalidValue):
        folio.measure(entry_id, "adoption-rate", "lots", "2024-06")


def test_custom_skills_and_kpis(folio):
    """Users add their own skills and KPIs; built-ins can be renamed and hidden without breaking entries."""
    folio.add_skill(Skill("okr-design", "OKR design", "business", keywords=["okrs"]))
    folio.add_kpi(Kpi("nps", "Net promoter score", "business-impact", "points", "up"))
    entry_id = folio.add(checkout(skills=["okr-design:2", "customer-focus:3"], kpis=[KpiResult("nps", "42 points")]))
    folio.rename_skill("customer-focus", "Customer obsession")
    folio.hide_skill("customer-focus")
    assert "customer-focus" not in [s.slug for s in folio.skills()]
    assert folio.skill("customer-focus").name == "Customer obsession"
    assert folio.get(entry_id).skill_slugs == ("okr-design", "customer-focus")
    with pytest.raises(InvalidValue, match="exists already"):
        folio.add_skill(Skill("okr-design", "Again"))


def test_profile_round_trips(folio):
    profile = Profile(name="Dana Whitfield", headline="Engineering manager", email="dana@example.com", target_role="TPM")
    folio.set_profile(profile)
    assert folio.profile() == profile


def test_file_settings(folio, tmp_path):
    """WAL, foreign keys and a busy timeout are on for every connection."""
    assert folio.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert folio.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert folio.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not an SQLite database"):
        Portfolio.open(path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite_utils.Database(path)["things"].insert({"a": 1})
    with pytest.raises(DatabaseError, match="another program"):
        Portfolio.open(path)
    assert sqlite_utils.Database(path).table_names() == ["things"]


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "portfolio.db"
    Portfolio.open(path).close()
    sqlite_utils.Database(path)["_sqlite_migrations"].insert(
        {"migration_set": "tpmfolio", "name": "m999_from_the_future", "applied_at": "2030-01-01"}
    )
    with pytest.raises(DatabaseError, match="newer version"):
        Portfolio.open(path)


def test_a_copy_is_kept_before_pending_migrations(tmp_path, monkeypatch):
    """Upgrading an existing file first copies it, so a bad migration loses nothing."""
    path = tmp_path / "portfolio.db"
    with Portfolio.open(path) as folio:
        folio.add(checkout())

    @migrations(name="m900_test_step")
    def step(db):
        db.execute("CREATE TABLE extra (x)")

    try:
        with Portfolio.open(path) as folio:
            assert "extra" in folio.db.table_names()
        copies = list(tmp_path.glob("portfolio.db.*.bak"))
        assert len(copies) == 1
        copy = sqlite_utils.Database(copies[0])
        assert copy["entries"].count == 1
        assert "extra" not in copy.table_names()
    finally:
        migrations._migrations.pop()


def test_a_failed_migration_leaves_the_schema_as_it_was(tmp_path):
    path = tmp_path / "portfolio.db"
    Portfolio.open(path).close()

    @migrations(name="m901_broken_step")
    def broken(db):
        db.execute("CREATE TABLE half_made (x)")
        db.execute("THIS IS NOT SQL")

    try:
        with pytest.raises(DatabaseError):
            Portfolio.open(path)
        assert "half_made" not in sqlite_utils.Database(path).table_names()
    finally:
        migrations._migrations.pop()


text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
dates = st.dates(min_value=__import__("datetime").date(1990, 1, 1)).map(lambda d: d.isoformat()[: 4 + 3 * (d.day % 3)])


@st.composite
def entries(draw):
    started = draw(st.one_of(st.none(), dates))
    title = draw(text.filter(lambda t: t.strip()))
    skills = draw(st.lists(st.sampled_from(["customer-focus", "communication", "business-acumen"]), unique=True, max_size=3))
    kpis = draw(st.lists(st.sampled_from(["adoption-rate", "revenue", "cycle-time"]), unique=True, max_size=2))
    values = {"adoption-rate": "34%", "revenue": "$1.4M", "cycle-time": "3 days"}
    return Entry(
        title=title,
        kind=draw(st.sampled_from(["project", "course", "mentorship", "tpm-task"])),
        started=started,
        summary=draw(text),
        action=draw(text),
        skills=[f"{s}:{draw(st.integers(1, 3))}" for s in skills],
        kpis=[KpiResult(k, values[k], baseline=values[k] if draw(st.booleans()) else None) for k in kpis],
        tags=draw(st.lists(text.filter(lambda t: t.strip()), max_size=3)),
        confidential=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries())
def test_an_entry_survives_store_and_load(folio, entry):
    """Any valid entry comes back equal, apart from the id and timestamps the store assigns."""
    entry_id = folio.add(entry)
    stored = folio.get(entry_id)
    import attrs

    assert attrs.evolve(stored, id=None, created=None, updated=None) == entry
