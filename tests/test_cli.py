"""The everyday commands, run through click on a real SQLite file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import sqlite_utils
from conftest import assert_one_line_error, dump, invoke, ok

from tpmfolio import __version__
from tpmfolio.cli import cli
from tpmfolio.cli import options as cli_options
from tpmfolio.interchange import entry_to_data

CHECKOUT = [
    "add", "Checkout redesign",
    "--kind", "project",
    "--date", "2024-03..2024-09",
    "--org", "Acme",
    "--role", "Engineering lead",
    "--summary", "Rebuilt checkout onboarding.",
    "--situation", "Merchants dropped off during onboarding.",
    "--task", "Lift adoption above 30%.",
    "--action", "Ran customer interviews with 12 merchants.",
    "--result", "Adoption went from 10% to 34%.",
    "--skill", "customer-focus:3",
    "--skill", "communication",
    "--kpi", "adoption-rate=34% baseline=10% target=30%",
    "--tag", "payments",
    "--tag", "Launch",
    "--link", "Launch post=https://example.com/launch",
    "--link", "https://example.com/dashboard",
]


def add(*args: str) -> int:
    return int(ok("add", *args).stdout)


@pytest.fixture
def db(db_path: Path) -> sqlite_utils.Database:
    """A portfolio with its profile set; the handle looks into the file the CLI writes."""
    ok("init", "--name", "Ada Example", "--target-role", "Technical Product Manager")
    database = sqlite_utils.Database(db_path)
    yield database
    database.close()


# --- init, db path, version, help --------------------------------------------------


def test_init_creates_the_file_and_sets_the_profile(db_path):
    """init creates the portfolio and stores the profile fields given."""
    result = ok("init", "--name", "Ada Example", "--email", "ada@example.com", "--target-role", "TPM")
    assert f"Created portfolio at {db_path.resolve()}" in result.stdout
    row = sqlite_utils.Database(db_path)["profile"].get(1)
    assert ("Ada Example", "ada@example.com", "TPM") == (row["name"], row["email"], row["target_role"])


def test_init_again_keeps_entries_and_unchanged_fields(db, db_path):
    """Running init twice keeps everything; only the given fields change."""
    add("Checkout redesign")
    result = ok("init", "--headline", "Engineering lead")
    assert "Using existing portfolio" in result.stdout
    row = db["profile"].get(1)
    assert ("Ada Example", "Engineering lead") == (row["name"], row["headline"])
    assert 1 == db["entries"].count


def test_db_path_prints_the_env_path(db_path):
    """db path prints $TPMFOLIO_DB, resolved, without creating it."""
    assert str(db_path.resolve()) == ok("db", "path").stdout.strip()
    assert not db_path.exists()


def test_db_path_without_env_is_in_the_app_dir(monkeypatch, user_dirs):
    """Without $TPMFOLIO_DB the database lives in click's app directory."""
    monkeypatch.delenv("TPMFOLIO_DB")
    assert str((user_dirs / "portfolio.db").resolve()) == ok("db", "path").stdout.strip()


@pytest.mark.parametrize("where", ["group", "subcommand"])
def test_db_option_works_before_and_after_the_subcommand(tmp_path, where):
    """--db is accepted on the group and on every subcommand."""
    other = tmp_path / "other.db"
    args = ["add", "Checkout redesign"]
    args = ["--db", str(other), *args] if where == "group" else [*args, "--db", str(other)]
    assert "1" == ok(*args).stdout.strip()
    assert 1 == sqlite_utils.Database(other)["entries"].count
    assert not (tmp_path / "portfolio.db").exists()


def test_subcommand_db_wins_over_group_db(tmp_path):
    """The --db nearest the command is the one used."""
    assert str((tmp_path / "b.db").resolve()) == ok(
        "--db", str(tmp_path / "a.db"), "db", "path", "--db", str(tmp_path / "b.db")
    ).stdout.strip()


def test_every_command_takes_db():
    """Every command and subcommand lists --db in its help."""

    def walk(group: click.Group, prefix: list[str]):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):  # lazily loaded commands too
            command = group.get_command(ctx, name)
            yield [*prefix, name]
            if isinstance(command, click.Group):
                yield from walk(command, [*prefix, name])

    for path in walk(cli, []):
        assert "--db PATH" in ok(*path, "--help").stdout, path


def test_version():
    assert __version__ in ok("--version").stdout


def test_add_help_has_examples():
    text = ok("add", "--help").stdout
    assert 'tpmfolio add "Checkout redesign" --kind project --date 2024-03..2024-09 \\' in text
    assert "--kpi" in text and "SLUG[:LEVEL]" in text


def test_python_m_tpmfolio_help():
    """python -m tpmfolio runs the same CLI."""
    done = subprocess.run([sys.executable, "-m", "tpmfolio", "--help"], capture_output=True, text=True, timeout=60)
    assert 0 == done.returncode, done.stderr
    assert "Usage: tpmfolio" in done.stdout
    assert "add" in done.stdout and "list" in done.stdout


def test_cli_import_stays_light():
    """Importing the CLI does not pull in YAML, templating, PDF, chart or locale libraries."""
    code = (
        "import sys, tpmfolio.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'jinja2', 'weasyprint', 'pygal', 'babel'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "[]" == done.stdout.strip(), done.stderr


# --- add ---------------------------------------------------------------------------


def test_add_prints_only_the_id_and_stores_every_field(db):
    """add prints the new id alone on stdout; every option lands in its table."""
    result = ok(*CHECKOUT)
    assert "1\n" == result.stdout
    row = db["entries"].get(1)
    assert ("Checkout redesign", "project", "2024-03", "2024-09") == (
        row["title"], row["kind"], row["started"], row["ended"]
    )
    assert ("Acme", "Engineering lead") == (row["organization"], row["role"])
    assert "Ran customer interviews with 12 merchants." == row["action"]
    assert "Adoption went from 10% to 34%." == row["result"]
    assert 0 == row["confidential"]
    skills = [(r["skill"], r["level"]) for r in db.query("select * from entry_skills order by position")]
    assert [("customer-focus", 3), ("communication", 2)] == skills
    kpi = next(db.query("select * from kpi_results"))
    assert ("adoption-rate", "34%", "10%", "30%") == (kpi["kpi"], kpi["actual"], kpi["baseline"], kpi["target"])
    assert ["payments", "launch"] == [r["tag"] for r in db.query("select tag from tags order by position")]
    links = [(r["label"], r["url"]) for r in db.query("select * from links order by position")]
    assert [("Launch post", "https://example.com/launch"), ("", "https://example.com/dashboard")] == links


def test_add_ids_count_up(db):
    assert [1, 2, 3] == [add("One"), add("Two"), add("Three")]


def test_add_confidential(db):
    add("Acquisition due diligence", "--confidential")
    assert 1 == db["entries"].get(1)["confidential"]


@pytest.mark.parametrize(
    ("date", "started", "ended"),
    [
        ("2024-03", "2024-03", "2024-03"),
        ("2024", "2024", "2024"),
        ("2024-03-15", "2024-03-15", "2024-03-15"),
        ("2024-03..2024-09", "2024-03", "2024-09"),
        ("2024-03..", "2024-03", None),
    ],
)
def test_add_dates(db, date, started, ended):
    """A single date is that point in time; DATE.. is still going on."""
    add("Talk at the product guild", "--date", date)
    row = db["entries"].get(1)
    assert (started, ended) == (row["started"], row["ended"])


@pytest.mark.parametrize(
    "title",
    ["Überarbeitung der Kasse", "決済フローの再設計", "Launch 🚀🎉 with family 👩‍👩‍👧", "Ünïcödé — “quotes” ‘too’"],
)
def test_unicode_titles_round_trip(db, title):
    """Unicode and emoji are stored and shown exactly as typed."""
    entry_id = add(title)
    assert title == db["entries"].get(entry_id)["title"]
    assert title == json.loads(ok("show", str(entry_id), "--json").stdout)["title"]
    assert title in ok("show", str(entry_id)).stdout


def test_markup_in_title_is_stored_verbatim(db):
    """Text is data: no escaping on the way in."""
    title = "<script>alert('x')</script> & <b>bold</b>"
    entry_id = add(title)
    assert title == db["entries"].get(entry_id)["title"]
    assert title == json.loads(ok("list", "--json").stdout)[0]["title"]


def test_title_is_stripped(db):
    add("   Padded title \t ")
    assert "Padded title" == db["entries"].get(1)["title"]


def test_title_of_300_characters_is_accepted(db):
    add("x" * 300)
    assert 300 == len(db["entries"].get(1)["title"])


# --- interactive add ------------------------------------------------------------------


@pytest.fixture
def tty(monkeypatch):
    monkeypatch.setattr(cli_options, "stdin_is_tty", lambda: True)


def test_add_in_a_terminal_asks_for_what_is_missing(db, tty):
    """Each answer is checked; a wrong one is asked again instead of failing."""
    answers = [
        "nonsense-kind", "course",        # kind
        "2024-13", "2024-02..2024-04",    # date
        "Learned pricing and positioning.",  # summary
        "custmer-focus", "customer-focus:7", "communication communication",
        "business-strategy:3, customer-focus",  # skills
        "adoption-rate=abc", "revenue=$1.2M",  # KPI
    ]
    result = ok("add", "Pricing strategy course", input="\n".join(answers) + "\n")
    assert "1" == result.stdout.strip().splitlines()[-1]
    assert "did you mean 'customer-focus'" in result.stderr
    assert "is not 1, 2 or 3" in result.stderr
    assert "not a real calendar date" in result.stderr
    assert "listed twice" in result.stderr
    row = db["entries"].get(1)
    assert ("course", "2024-02", "2024-04", "Learned pricing and positioning.") == (
        row["kind"], row["started"], row["ended"], row["summary"]
    )
    assert [("business-strategy", 3), ("customer-focus", 2)] == [
        (r["skill"], r["level"]) for r in db.query("select * from entry_skills order by position")
    ]
    assert ["$1.2M"] == [r["actual"] for r in db.query("select actual from kpi_results")]


def test_add_in_a_terminal_enter_skips_every_question(db, tty):
    result = ok("add", "Quick note", input="\n" * 5)
    assert result.stdout.strip().endswith("1")
    row = db["entries"].get(1)
    assert ("project", None, "") == (row["kind"], row["started"], row["summary"])
    assert 0 == db["entry_skills"].count == db["kpi_results"].count


def test_add_in_a_terminal_does_not_ask_when_skills_are_given(db, tty):
    """Options given means the person is scripting: no questions."""
    assert "1\n" == ok("add", "Scripted", "--skill", "communication").stdout


def test_add_in_a_terminal_asks_only_what_options_left_out(db, tty):
    ok("add", "Mentoring session", "--kind", "mentorship", "--date", "2024-05", input="\n\n\n")
    row = db["entries"].get(1)
    assert ("mentorship", "2024-05") == (row["kind"], row["started"])


# --- list, show, search ---------------------------------------------------------------


@pytest.fixture
def three(db):
    """Three entries at different times, with different skills, KPIs, kinds and tags."""
    ok(*CHECKOUT)
    add("Pricing course", "--kind", "course", "--date", "2023-01", "--skill", "business-strategy:1", "--tag", "learning")
    add("Mentoring with a TPM", "--kind", "mentorship", "--date", "2024-11..", "--skill", "communication:1",
        "--kpi", "retention=92%")
    return db


def test_list_is_most_recent_first(three):
    lines = ok("list").stdout.splitlines()
    assert lines[0].split() == ["ID", "DATES", "KIND", "TITLE", "SKILLS"]
    assert ["3", "1", "2"] == [line.split()[0] for line in lines[1:]]
    assert "customer-focus, communication" in lines[2]


def test_list_cuts_long_titles_to_the_terminal(db):
    add("A very long title " * 10, "--skill", "communication")
    lines = ok("list", env={"COLUMNS": "70"}).stdout.splitlines()
    assert all(len(line) <= 70 for line in lines), lines
    assert "…" in lines[1]
    assert lines[1].endswith("communication")


def test_list_measures_wide_characters_in_columns(db):
    """CJK and emoji take two columns each: cut titles still fit, and the next column still lines up."""
    from wcwidth import wcswidth

    add("Launch 🚀 in 東京 and 大阪 " * 6, "--skill", "communication")
    add("Short", "--skill", "customer-focus")
    lines = ok("list", env={"COLUMNS": "70"}).stdout.splitlines()
    assert all(wcswidth(line) <= 70 for line in lines), lines
    assert "…" in lines[2]
    starts = {wcswidth(line[: line.index(skill)]) for line, skill in ((lines[1], "customer-focus"), (lines[2], "communication"))}
    assert 1 == len(starts), lines


def test_list_json_is_an_array_of_entries(three):
    data = json.loads(ok("list", "--json").stdout)
    assert [3, 1, 2] == [item["id"] for item in data]
    assert {"uid", "title", "skills", "kpis", "tags", "links"} <= set(data[1])
    assert "34%" == data[1]["kpis"][0]["actual"]


def test_list_json_keeps_non_ascii_as_typed(db):
    add("Überarbeitung 🚀")
    assert "Überarbeitung 🚀" in ok("list", "--json").stdout


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--skill", "communication"], [3, 1]),
        (["--kpi", "adoption-rate"], [1]),
        (["--kind", "course"], [2]),
        (["--tag", "learning"], [2]),
        (["--since", "2024"], [3, 1]),
        (["--until", "2023-12"], [2]),
        (["--limit", "1"], [3]),
        (["--skill", "communication", "--since", "2024-10"], [3]),
    ],
)
def test_list_filters(three, args, ids):
    assert ids == [item["id"] for item in json.loads(ok("list", *args, "--json").stdout)]


def test_list_empty_says_how_to_start(db):
    result = ok("list")
    assert "" == result.stdout
    assert "tpmfolio add" in result.stderr


def test_list_json_empty_is_an_empty_array(db):
    assert [] == json.loads(ok("list", "--json").stdout)


def test_list_with_unknown_skill_suggests(three):
    assert_one_line_error(invoke("list", "--skill", "custmer-focus"), "did you mean 'customer-focus'")


def test_show_reads_well(three):
    text = ok("show", "1").stdout
    assert text.startswith("#1  Checkout redesign\n")
    assert "project · 2024-03 – 2024-09 · Acme · Engineering lead" in text
    assert "Customer adoption rate: 10% → 34% (+24 pp, target 30%)" in text
    for heading in ("Summary", "Situation", "Task", "Action", "Result", "Skills", "KPIs", "Links"):
        assert f"\n{heading}\n" in text
    assert "●●●  Customer focus (customer-focus)" in text
    assert "Launch post: https://example.com/launch" in text
    assert "Tags: payments, launch" in text


def test_show_accepts_hash_and_uid(three):
    uid = three["entries"].get(2)["uid"]
    assert ok("show", "#2").stdout == ok("show", uid).stdout


def test_show_json_is_the_export_shape(three, db_path):
    from tpmfolio import Portfolio

    data = json.loads(ok("show", "1", "--json").stdout)
    with Portfolio.open(db_path) as folio:
        assert entry_to_data(folio.get(1)) == data


def test_search_finds_words_in_star_text(three):
    result = ok("search", "interviews")
    assert ["1"] == [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert [1] == [item["id"] for item in json.loads(ok("search", "interviews", "--json").stdout)]


def test_search_without_match(three):
    result = ok("search", "blockchain")
    assert "" == result.stdout
    assert "No entries match" in result.stderr


@pytest.mark.parametrize("query", ['"unbalanced', "checkout*", "AND OR NOT", "title:checkout", "(", "-"])
def test_search_survives_fts_syntax(three, query):
    """Characters FTS5 treats as syntax never reach the user as a crash."""
    result = ok("search", query)
    assert ("No entries match" in result.stderr) != bool(result.stdout), result.output
    if query == "checkout*":  # a prefix query still finds the word it starts
        assert "Checkout redesign" in result.stdout


# --- measure, rm ------------------------------------------------------------------------


def test_measure_adds_a_point(three):
    result = ok("measure", "1", "adoption-rate", "21%", "--date", "2024-05")
    assert "adoption-rate = 21% on 2024-05" in result.stdout
    rows = [(r["entry_id"], r["kpi"], r["date"], r["value"]) for r in three.query("select * from measurements")]
    assert [(1, "adoption-rate", "2024-05", "21%")] == rows
    assert "2024-05  adoption-rate = 21%" in ok("show", "1").stdout


def test_measure_needs_a_date(three):
    result = invoke("measure", "1", "adoption-rate", "21%")
    assert 2 == result.exit_code
    assert "--date" in result.stderr


def test_rm_with_yes(three):
    result = ok("rm", "1", "--yes")
    assert "Removed entry 1: Checkout redesign" in result.stdout
    assert [2, 3] == sorted(r["id"] for r in three["entries"].rows)
    assert 0 == three.execute("select count(*) from entry_skills where entry_id = 1").fetchone()[0]


def test_rm_without_yes_refuses_when_nobody_can_answer(three, db_path):
    before = dump(db_path)
    assert_one_line_error(invoke("rm", "1"), "--yes")
    assert before == dump(db_path)


def test_rm_asks_in_a_terminal(three, db_path, tty):
    before = dump(db_path)
    result = invoke("rm", "1", input="n\n")
    assert 0 != result.exit_code
    assert before == dump(db_path)
    ok("rm", "1", input="y\n")
    assert 2 == three["entries"].count


# --- skills, kpis --------------------------------------------------------------------------


def test_skills_lists_by_default(db):
    text = ok("skills").stdout
    assert text.splitlines()[0].split() == ["SLUG", "NAME", "CATEGORY"]
    assert "customer-focus" in text and "technical-acumen" in text
    assert text == ok("skills", "list").stdout


def test_skills_json(db):
    data = json.loads(ok("skills", "--json").stdout)
    focus = next(s for s in data if s["slug"] == "customer-focus")
    assert ("business", False) == (focus["category"], focus["hidden"])
    assert isinstance(focus["keywords"], list)


def test_skills_add_rename_hide_unhide(db):
    ok("skills", "add", "pricing", "--name", "Pricing", "--category", "business", "--keyword", "pricing",
       "--keyword", "monetization")
    row = db["skills"].get("pricing")
    assert ("Pricing", "business", ["pricing", "monetization"]) == (
        row["name"], row["category"], json.loads(row["keywords_json"])
    )
    add("Pricing page test", "--skill", "pricing:3")

    ok("skills", "rename", "pricing", "Pricing and packaging")
    assert "Pricing and packaging" == db["skills"].get("pricing")["name"]

    ok("skills", "hide", "pricing")
    assert 1 == db["skills"].get("pricing")["hidden"]
    assert "pricing" not in ok("skills").stdout
    assert "Pricing and packaging (hidden)" in ok("skills", "--all").stdout
    assert "Pricing and packaging" in ok("show", "1").stdout  # the entry keeps it

    ok("skills", "unhide", "pricing")
    assert 0 == db["skills"].get("pricing")["hidden"]
    ok("skills", "hide", "pricing")
    ok("skills", "unhide", "pricing")
    assert 0 == db["skills"].get("pricing")["hidden"]


def test_skills_add_twice_is_an_error(db, db_path):
    ok("skills", "add", "pricing", "--name", "Pricing")
    before = dump(db_path)
    assert_one_line_error(invoke("skills", "add", "pricing", "--name", "Other"), "exists already")
    assert before == dump(db_path)


def test_skills_rename_unknown_suggests(db):
    assert_one_line_error(invoke("skills", "rename", "custmer-focus", "X"), "did you mean 'customer-focus'")


def test_kpis_add_rename_hide(db):
    ok("kpis", "add", "time-to-value", "--name", "Time to value", "--unit", "days", "--direction", "down")
    row = db["kpis"].get("time-to-value")
    assert ("business-impact", "days", "down") == (row["category"], row["unit"], row["direction"])
    ok("kpis", "rename", "time-to-value", "Time to first value")
    assert "Time to first value" == db["kpis"].get("time-to-value")["name"]
    ok("kpis", "hide", "code-quality")
    assert "code-quality" not in ok("kpis").stdout
    assert 1 == next(k for k in json.loads(ok("kpis", "--all", "--json").stdout) if k["slug"] == "code-quality")["hidden"]
    ok("kpis", "unhide", "code-quality")
    assert "code-quality" in ok("kpis", "list").stdout


def test_a_down_kpi_change_reads_as_improvement(db):
    add("Faster releases", "--kpi", "cycle-time=3 days baseline=10 days target=5 days")
    assert "Cycle time: 10 days → 3 days (-7 days (-70%), target 5 days)" in ok("show", "1").stdout


def test_kpis_add_bad_direction_is_a_usage_error(db):
    result = invoke("kpis", "add", "x", "--name", "X", "--direction", "sideways")
    assert 2 == result.exit_code
    assert "Traceback" not in result.output


# --- profile ------------------------------------------------------------------------------------


def test_profile_set_changes_only_given_fields(db):
    ok("profile", "set", "--headline", "Engineering lead moving into product", "--url", "https://ada.example.com")
    row = db["profile"].get(1)
    assert ("Ada Example", "Engineering lead moving into product", "https://ada.example.com") == (
        row["name"], row["headline"], row["url"]
    )
    text = ok("profile").stdout
    assert "Headline:" in text and "Engineering lead moving into product" in text
    assert text == ok("profile", "show").stdout
    assert "Ada Example" == json.loads(ok("profile", "--json").stdout)["name"]


def test_profile_set_empty_string_clears(db):
    ok("profile", "set", "--target-role", "")
    assert "" == db["profile"].get(1)["target_role"]


def test_profile_set_nothing_is_a_usage_error(db, db_path):
    """profile set with no field is a usage mistake that points at --help and changes nothing."""
    before = dump(db_path)
    result = invoke("profile", "set")
    assert 2 == result.exit_code
    assert_one_line_error(result, "give at least one field to set", "See 'tpmfolio profile set --help'.")
    assert before == dump(db_path)


def test_profile_bad_email_changes_nothing(db, db_path):
    before = dump(db_path)
    assert_one_line_error(invoke("profile", "set", "--email", "not-an-email"), "not an email address")
    assert before == dump(db_path)


# --- edit, add --edit -------------------------------------------------------------------------


class FakeEditor:
    """Stands in for $EDITOR: each call applies the next change to the text of the file it is given.

    A change of None closes the editor without saving.
    """

    def __init__(self, *changes):
        self.changes = list(changes)
        self.seen: list[str] = []

    def __call__(self, text=None, filename=None, **kwargs):
        text = Path(filename).read_text(encoding="utf-8")
        self.seen.append(text)
        change = self.changes.pop(0)
        changed = change(text) if callable(change) else change
        if changed is not None:
            Path(filename).write_text(changed, encoding="utf-8")


def editor(monkeypatch, *changes) -> FakeEditor:
    fake = FakeEditor(*changes)
    monkeypatch.setattr(click, "edit", fake)
    return fake


def test_edit_changes_the_entry(three, monkeypatch):
    fake = editor(monkeypatch, lambda t: t.replace("title: Checkout redesign", "title: Checkout rebuilt")
                  .replace("ended: 2024-09", "ended: 2024-10"))
    result = ok("edit", "1")
    assert "Updated entry 1: Checkout rebuilt" in result.stdout
    assert "Checkout redesign" in fake.seen[0]
    row = three["entries"].get(1)
    assert ("Checkout rebuilt", "2024-10") == (row["title"], row["ended"])
    assert 2 == three["entry_skills"].count_where("entry_id = 1")


def test_edit_mistake_then_fixed_keeps_the_users_text(three, monkeypatch):
    """A mistake is shown and the editor re-opens on the user's own text."""
    broken = lambda t: t.replace("title: Checkout redesign", "title: Checkout rebuilt").replace(  # noqa: E731
        "ended: 2024-09", "ended: 2024-13"
    )
    fake = editor(monkeypatch, broken, lambda t: t.replace("2024-13", "2024-10"))
    result = ok("edit", "1", input="y\n")
    assert "2024-13" in result.stderr and "Edit again?" in result.stderr
    assert "title: Checkout rebuilt" in fake.seen[1]  # the second edit starts from the broken text
    row = three["entries"].get(1)
    assert ("Checkout rebuilt", "2024-10") == (row["title"], row["ended"])


def test_edit_unknown_skill_then_fixed(three, monkeypatch):
    editor(monkeypatch, lambda t: t.replace("skill: communication", "skill: comunication"),
           lambda t: t.replace("comunication", "communication"))
    result = ok("edit", "1", input="y\n")
    assert "did you mean 'communication'" in result.stderr


def test_edit_mistake_declined_saves_the_text_and_changes_nothing(three, db_path, monkeypatch, user_dirs):
    before = dump(db_path)
    bad = "title: [unclosed\n"
    editor(monkeypatch, bad)
    result = invoke("edit", "1", input="n\n")
    assert 1 == result.exit_code
    assert "Traceback" not in result.output
    saved = Path(re.search(r"your text is kept in (\S+) ", result.stderr)[1])
    assert bad == saved.read_text(encoding="utf-8")
    assert f"tpmfolio edit 1 --from-draft {saved}" in result.stderr
    assert user_dirs in saved.parents
    assert before == dump(db_path)


def test_edit_mistake_with_no_one_to_answer_saves_the_text(three, db_path, monkeypatch):
    """End of input at 'Edit again?' counts as no: the text is saved, not lost."""
    before = dump(db_path)
    editor(monkeypatch, "kind: nonsense\ntitle: X\n")
    result = invoke("edit", "1")
    assert 1 == result.exit_code
    assert "your text is kept in" in result.stderr
    assert before == dump(db_path)


@pytest.mark.parametrize("returned", [None, "unchanged"])
def test_edit_aborted_or_unchanged_changes_nothing(three, db_path, monkeypatch, returned):
    before = dump(db_path)
    editor(monkeypatch, (lambda t: t) if returned == "unchanged" else None)
    result = ok("edit", "1")
    assert "No changes" in result.stderr
    assert before == dump(db_path)


def test_edit_keeps_id_and_uid(three, monkeypatch):
    uid = three["entries"].get(1)["uid"]
    editor(monkeypatch, lambda t: t.replace(f"uid: {uid}", "uid: something-else").replace("id: 1\n", "id: 7\n"))
    ok("edit", "1")
    assert uid == three["entries"].get(1)["uid"]
    assert [1, 2, 3] == sorted(r["id"] for r in three["entries"].rows)


def test_edit_missing_entry(three):
    assert_one_line_error(invoke("edit", "99"), "no entry with id 99")


def test_add_edit_opens_the_form_with_the_options_filled_in(db, monkeypatch):
    fake = editor(monkeypatch, lambda t: t.replace("situation: ''", "situation: Churn was rising."))
    assert "1\n" == ok("add", "Retention push", "--skill", "customer-focus", "--edit").stdout
    assert "title: Retention push" in fake.seen[0]
    assert "skill: customer-focus" in fake.seen[0]
    assert "Churn was rising." == db["entries"].get(1)["situation"]


def test_add_edit_aborted_adds_nothing(db, db_path, monkeypatch):
    before = dump(db_path)
    editor(monkeypatch, None)
    assert_one_line_error(invoke("add", "Retention push", "--edit"), "nothing was added")
    assert before == dump(db_path)


def test_add_edit_with_a_taken_uid_is_a_mistake_to_fix(three, monkeypatch):
    """Pasting another entry's uid is caught before it reaches the database."""
    uid = three["entries"].get(2)["uid"]
    editor(monkeypatch, lambda t: re.sub(r"(?m)^uid: .*$", f"uid: {uid}", t),
           lambda t: re.sub(r"(?m)^uid: .*\n", "", t))
    result = ok("add", "Retention push", "--edit", input="y\n")
    assert "belongs to entry 2" in result.stderr
    assert 4 == int(result.stdout)
    assert "Retention push" == three["entries"].get(4)["title"]


def test_add_does_not_load_the_file_commands(tmp_path):
    """`tpmfolio add` starts without importing the modules behind import, export, render and the analyses, or Babel."""
    import subprocess
    import sys

    code = (
        "import sys; from tpmfolio.cli import cli\n"
        "try:\n    cli(['--db', sys.argv[1], 'add', 'Checkout', '--skill', 'customer-focus'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tpmfolio.', 'babel'))))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "p.db")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # Nothing of Babel or the PDF's catalogs either: they load only to render.
    for module in ("tpmfolio.cli.render", "tpmfolio.cli.exchange", "tpmfolio.interchange", "tpmfolio.analysis", "babel", "tpmfolio.render"):
        assert module not in result.stdout
