"""Ugly input: every mistake is one ``Error:`` line, a non-zero exit, and no change."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from conftest import assert_one_line_error, dump, invoke


@pytest.fixture
def portfolio(db_path: Path) -> Path:
    """A portfolio with one entry, so that 'unchanged' has something to compare."""
    for args in (
        ["init", "--name", "Ada Example"],
        ["add", "Checkout redesign", "--skill", "customer-focus:3", "--kpi", "adoption-rate=34% baseline=10%"],
    ):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
    return db_path


BAD = {
    "empty title": (["add", ""], "title must not be empty"),
    "whitespace title": (["add", "   \t  "], "title must not be empty"),
    "control characters only": (["add", "\x00\x07"], "title must not be empty"),
    "10,000-character title": (["add", "x" * 10_000], "title is 10,000 characters; the limit is 300"),
    "301-character title": (["add", "x" * 301], "the limit is 300"),
    "month 13": (["add", "T", "--date", "2024-13"], "2024-13"),
    "february 30": (["add", "T", "--date", "2024-02-30"], "not a real calendar date"),
    "words for a date": (["add", "T", "--date", "last year"], "not a date"),
    "range ends before it starts": (["add", "T", "--date", "2024-09..2024-03"], "ends before it starts"),
    "year 202": (["add", "T", "--date", "202"], "not a date"),
    "KPI value not a number": (["add", "T", "--kpi", "adoption-rate=abc"], "'abc' is not a number"),
    "KPI without slug": (["add", "T", "--kpi", "=34%"], "SLUG=VALUE"),
    "KPI without value": (["add", "T", "--kpi", "adoption-rate"], "SLUG=VALUE"),
    "KPI with empty value": (["add", "T", "--kpi", "adoption-rate="], "a value is required"),
    "KPI units differ": (["add", "T", "--kpi", "adoption-rate=34% baseline=$5"], "different units"),
    "KPI unknown": (["add", "T", "--kpi", "adoptin-rate=34%"], "did you mean 'adoption-rate'"),
    "KPI twice": (["add", "T", "--kpi", "retention=1%", "--kpi", "retention=2%"], "listed twice"),
    "skill typo": (["add", "T", "--skill", "custmer-focus"], "did you mean 'customer-focus'"),
    "skill nothing like": (["add", "T", "--skill", "zzzz"], "tpmfolio skills"),
    "skill level 7": (["add", "T", "--skill", "customer-focus:7"], "is not 1, 2 or 3"),
    "skill level word": (["add", "T", "--skill", "customer-focus:high"], "is not 1, 2 or 3"),
    "skill not a slug": (["add", "T", "--skill", "Customer Focus"], "not a slug"),
    "skill twice": (["add", "T", "--skill", "communication", "--skill", "communication:3"], "listed twice"),
    "link not a URL": (["add", "T", "--link", "example dot com"], "not a web address"),
    "javascript link": (["add", "T", "--link", "javascript:alert(1)"], "not a web address"),
    "empty tag": (["add", "T", "--tag", " "], "tag must not be empty"),
    "show missing": (["show", "99"], "no entry with id 99"),
    "show missing uid": (["show", "no-such-uid"], "no entry"),
    "show id past SQLite's integers": (["show", "9" * 30], "no entry with id " + "9" * 30),
    "rm id past SQLite's integers": (["rm", "9" * 20, "--yes"], "no entry with id"),
    "measure id past SQLite's integers": (["measure", "9" * 20, "adoption-rate", "3%", "--date", "2024-05"], "no entry"),
    "show a superscript digit": (["show", "²"], "no entry with id ²"),
    "edit a superscript digit": (["edit", "#²"], "no entry with id"),
    "KPI value 1e999%": (["add", "T", "--kpi", "adoption-rate=1e999%"], "'1e999%' is not a number"),
    "KPI value NaN": (["add", "T", "--kpi", "adoption-rate=NaN"], "'NaN' is not a number"),
    "date 24-03": (["add", "T", "--date", "24-03"], "not a date"),
    "measure date 24-03": (["measure", "1", "adoption-rate", "3%", "--date", "24-03"], "not a date"),
    "rm missing": (["rm", "99", "--yes"], "no entry with id 99"),
    "rm missing without yes": (["rm", "99"], "no entry with id 99"),
    "edit missing": (["edit", "99"], "no entry with id 99"),
    "measure missing entry": (["measure", "99", "adoption-rate", "3%", "--date", "2024-05"], "no entry"),
    "measure unknown KPI": (["measure", "1", "adoptin-rate", "3%", "--date", "2024-05"], "did you mean"),
    "measure bad value": (["measure", "1", "adoption-rate", "lots", "--date", "2024-05"], "not a number"),
    "measure bad date": (["measure", "1", "adoption-rate", "3%", "--date", "2024-02-30"], "calendar date"),
    "list since words": (["list", "--since", "last year"], "--since"),
    "list unknown KPI": (["list", "--kpi", "revenu"], "did you mean 'revenue'"),
    "search nothing": (["search", "   "], "search"),
    "skills add bad slug": (["skills", "add", "Not A Slug", "--name", "X"], "not a slug"),
    "skills add empty name": (["skills", "add", "pricing", "--name", " "], "name must not be empty"),
    "skills add 301-character name": (["skills", "add", "pricing", "--name", "p" * 301], "name is 301 characters; the limit is 300"),
    "kpis rename to 100,000 characters": (["kpis", "rename", "revenue", "r" * 100_000], "the limit is 300"),
    "skills add 100,000-character description": (["skills", "add", "pricing", "--name", "Pricing", "--description", "d" * 100_000],
                                                  "description is 100,000 characters; the limit is 2,000"),
    "skills add 101-character keyword": (["skills", "add", "pricing", "--name", "Pricing", "--keyword", "k" * 101],
                                         "is 101 characters; the limit is 100"),
    "kpis add 1,000-character unit": (["kpis", "add", "nps", "--name", "NPS", "--unit", "u" * 1_000], "unit is 1,000 characters; the limit is 100"),
    "skills hide unknown": (["skills", "hide", "custmer-focus"], "did you mean 'customer-focus'"),
    "kpis rename unknown": (["kpis", "rename", "revenu", "Sales"], "did you mean 'revenue'"),
    "kpis add existing": (["kpis", "add", "revenue", "--name", "Revenue"], "exists already"),
    "profile bad url": (["profile", "set", "--url", "ada.example.com"], "not a web address"),
    "init bad email": (["init", "--email", "ada-at-example"], "not an email address"),
}


@pytest.mark.parametrize(("args", "expected"), list(BAD.values()), ids=list(BAD))
def test_bad_input_is_one_line_and_changes_nothing(portfolio, args, expected):
    before = dump(portfolio)
    assert_one_line_error(invoke(*args), expected)
    assert before == dump(portfolio)


def test_the_cli_adds_the_command_that_helps(portfolio):
    """Where the library's error says what is wrong, the CLI adds which command shows what is right."""
    assert_one_line_error(invoke("show", "99"), "no entry with id 99; run 'tpmfolio list' to see the ids")
    assert_one_line_error(invoke("list", "--skill", "origami"),
                          "unknown skill 'origami'; run 'tpmfolio skills' to list the known ones")
    assert_one_line_error(invoke("list", "--kpi", "happiness"), "unknown KPI 'happiness'; run 'tpmfolio kpis' to list the known ones")
    assert_one_line_error(invoke("kpis", "add", "revenue", "--name", "Revenue"),
                          "KPI 'revenue' exists already; use 'tpmfolio kpis rename' to change its name")


def test_a_stored_name_over_the_limit_still_opens_and_can_be_renamed(portfolio):
    """A name stored before names were checked everywhere: listed whole, renamed, and is then the new name."""
    with contextlib.closing(sqlite3.connect(portfolio)) as conn:
        conn.execute("UPDATE skills SET name = ? WHERE slug = 'communication'", ["c" * 100_000])
        conn.commit()
    listed = invoke("skills", "--json")
    assert listed.exit_code == 0, listed.output
    assert "c" * 100_000 in listed.stdout
    renamed = invoke("skills", "rename", "communication", "Communication")
    assert renamed.exit_code == 0, renamed.output
    assert "Communication" == sqlite3.connect(portfolio).execute("SELECT name FROM skills WHERE slug = 'communication'").fetchone()[0]


GARBAGE = b"\x89PNG\r\n\x1a\n not a database at all \x00\xff" * 64


@pytest.mark.parametrize(
    "args",
    [["list"], ["add", "Checkout redesign"], ["init", "--name", "Ada"], ["show", "1"], ["skills"], ["profile"],
     ["search", "x"], ["rm", "1", "--yes"]],
    ids=lambda args: args[0],
)
def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path, args):
    """Pointing --db at a file of something else is an error; the file keeps every byte."""
    path = tmp_path / "notes.db"
    path.write_bytes(GARBAGE)
    assert_one_line_error(invoke("--db", str(path), *args), "not an SQLite database")
    assert GARBAGE == path.read_bytes()
    assert ["notes.db"] == [p.name for p in tmp_path.iterdir() if p.name.startswith("notes")]


def test_a_sqlite_file_of_another_program_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("create table notes (id integer primary key, body text)")
        conn.execute("insert into notes (body) values ('keep me')")
        conn.commit()
    before = path.read_bytes()
    assert_one_line_error(invoke("list", "--db", str(path)), "another program")
    assert before == path.read_bytes()


def test_a_directory_as_db_is_one_line(tmp_path):
    assert_one_line_error(invoke("list", "--db", str(tmp_path)), "is a directory")


USAGE = {
    "show without id": (["show"], "Missing argument 'ID'", "tpmfolio show --help"),
    "add without title": (["add"], "Missing argument 'TITLE'", "tpmfolio add --help"),
    "unknown kind": (["add", "T", "--kind", "job"], "'job' is not one of", "tpmfolio add --help"),
    "limit 0": (["list", "--limit", "0"], "--limit", "tpmfolio list --help"),
    "limit word": (["list", "--limit", "ten"], "--limit", "tpmfolio list --help"),
    "unknown option": (["list", "--skil", "x"], "--skil", "tpmfolio list --help"),
    "unknown command": (["lst"], "No such command 'lst'", "tpmfolio --help"),
    "unknown subcommand": (["skills", "remove", "x"], "No such command 'remove'", "tpmfolio skills --help"),
    "measure without date": (["measure", "1", "adoption-rate", "3%"], "--date", "tpmfolio measure --help"),
    "skills add without name": (["skills", "add", "pricing"], "--name", "tpmfolio skills add --help"),
}


@pytest.mark.parametrize(("args", "expected", "hint"), list(USAGE.values()), ids=list(USAGE))
def test_usage_errors_are_one_line_too(portfolio, args, expected, hint):
    """Click's own usage errors exit 2 with one line that points at --help."""
    before = dump(portfolio)
    result = invoke(*args)
    assert 2 == result.exit_code, result.output
    assert_one_line_error(result, expected)
    assert hint in result.stderr
    assert before == dump(portfolio)


def test_a_group_alone_prints_its_help():
    result = invoke("db")
    assert "path" in result.output and "Usage:" in result.output
