"""The person's own text in several languages: the model, the file, the profile's language."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from tpmfolio import Entry, Portfolio, Profile
from tpmfolio.cli import cli
from tpmfolio.errors import InvalidValue
from tpmfolio.languages import SUPPORTED, UnsupportedLanguage, language_of, parse_tag
from tpmfolio.migrations import migrations


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def fails(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.output


# --- language tags -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "tag"), [("de", "de"), ("EN", "en"), ("en_us", "en-US"), ("en-GB", "en-GB"), ("es-419", "es-419")]
)
def test_language_tags_are_read_with_their_region(typed: str, tag: str) -> None:
    """A supported language is accepted with or without a region and written back one way."""
    assert tag == parse_tag(typed)


@pytest.mark.parametrize("typed", ["pt", "klingon", "", "de-", "en-USA-x", "12"])
def test_unsupported_languages_are_refused_with_the_list(typed: str) -> None:
    """Anything else is refused, and the message names what is supported."""
    with pytest.raises(UnsupportedLanguage) as caught:
        parse_tag(typed)
    assert all(code in str(caught.value) for code in SUPPORTED)


def test_translations_are_kept_per_language_not_per_region() -> None:
    """de-AT and de-CH read the same German text."""
    entry = Entry(title="Checkout", translations={"de-AT": {"title": "Kasse"}})
    assert {"de": {"title": "Kasse"}} == entry.translations
    assert "de" == language_of("de-CH")
    assert "Kasse" == entry.in_language("de-CH").title


# --- the model -------------------------------------------------------------------


def test_each_field_falls_back_to_the_original_on_its_own() -> None:
    """A translated title with an untranslated summary reads German then English."""
    entry = Entry(title="Checkout redesign", summary="Fewer steps.", translations={"de": {"title": "Neuer Checkout"}})
    german = entry.in_language("de")
    assert ("Neuer Checkout", "Fewer steps.") == (german.title, german.summary)
    assert entry == entry.in_language("fr")
    assert entry.translations == german.translations


def test_translations_come_out_in_one_order_whatever_the_order_typed() -> None:
    """Languages alphabetically, fields in the model's order: exports do not depend on typing order."""
    entry = Entry(title="T", translations={"fr": {"result": "R", "title": "T fr"}, "de": {"summary": "S", "title": "T de"}})
    assert [("de", "title"), ("de", "summary"), ("fr", "title"), ("fr", "result")] == [
        (t.lang, t.field) for t in entry.translations.rows()
    ]
    assert hash(entry) == hash(Entry(title="T", uid=entry.uid, translations=entry.translations.to_data()))


@pytest.mark.parametrize(
    ("translations", "says"),
    [
        ({"pt": {"title": "Título"}}, "not a supported language"),
        ({"de": {"kind": "Projekt"}}, "'kind' cannot be translated"),
        ({"de": {"title": "  "}}, "translation of title is empty"),
        ({"de": {"title": "x" * 301}}, "the limit is 300"),
    ],
)
def test_bad_translations_are_refused(translations: dict, says: str) -> None:
    """Unsupported language, a field that is not text, empty or over-long text: each said in words."""
    with pytest.raises(InvalidValue, match=says):
        Entry(title="T", translations=translations)


def test_the_profile_has_a_language_and_translations() -> None:
    """The profile's lang is a tag or empty; its headline, summary and target role can be translated."""
    profile = Profile(headline="Engineer", lang="de_de", translations={"de": {"headline": "Ingenieurin"}})
    assert ("de-DE", "Ingenieurin") == (profile.lang, profile.in_language("de").headline)
    assert "" == Profile().lang
    with pytest.raises(InvalidValue, match="'email' cannot be translated"):
        Profile(translations={"de": {"email": "a@b.de"}})


# --- the file --------------------------------------------------------------------


def test_translations_are_stored_one_row_per_field_and_go_with_their_entry(db_path: Path) -> None:
    """Readable rows in entry_translations; removing the entry removes them; an update replaces them."""
    with Portfolio.open(db_path) as folio:
        entry_id = folio.add(Entry(title="Checkout", translations={"de": {"title": "Kasse", "summary": "Kurz"}}))
        assert {"de": {"title": "Kasse", "summary": "Kurz"}} == folio.get(entry_id).translations
        assert {"de": {"title": "Kasse", "summary": "Kurz"}} == folio.entries()[0].translations
    rows = list(sqlite_utils.Database(db_path).query("SELECT * FROM entry_translations ORDER BY field"))
    assert [
        {"entry_id": entry_id, "lang": "de", "field": "summary", "text": "Kurz"},
        {"entry_id": entry_id, "lang": "de", "field": "title", "text": "Kasse"},
    ] == rows
    with Portfolio.open(db_path) as folio:
        entry = folio.get(entry_id)
        folio.update(Entry(title=entry.title, id=entry.id, uid=entry.uid, translations={"fr": {"title": "Caisse"}}))
        assert {"fr": {"title": "Caisse"}} == folio.get(entry_id).translations
        folio.remove(entry_id)
    assert 0 == sqlite_utils.Database(db_path)["entry_translations"].count


def test_the_profile_keeps_its_language_and_translations(db_path: Path) -> None:
    with Portfolio.open(db_path) as folio:
        folio.set_profile(Profile(name="Ada", lang="fr", translations={"fr": {"target_role": "Cheffe de produit"}}))
    db = sqlite_utils.Database(db_path)
    assert "fr" == db["profile"].get(1)["lang"]
    assert [{"lang": "fr", "field": "target_role", "text": "Cheffe de produit"}] == list(db["profile_translations"].rows)
    with Portfolio.open(db_path) as folio:
        assert Profile(name="Ada", lang="fr", translations={"fr": {"target_role": "Cheffe de produit"}}) == folio.profile()


def test_a_file_from_before_translations_is_upgraded(db_path: Path) -> None:
    """Entries and the profile of an older file come through with no translations and no language."""
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m004_translations")
    db.execute("INSERT INTO entries (uid, title, kind, sort_key, start_key) VALUES ('old', 'Old', 'project', '', '')")
    db.execute("UPDATE profile SET name = 'Ada' WHERE id = 1")
    db.conn.commit()
    db.close()
    with Portfolio.open(db_path) as folio:
        (old,) = folio.entries()
        assert ("Old", {}) == (old.title, old.translations)
        assert ("Ada", "") == (folio.profile().name, folio.profile().lang)
    columns = sqlite_utils.Database(db_path)["entry_translations"].columns_dict
    assert {"entry_id": int, "lang": str, "field": str, "text": str} == columns


# --- the profile's language on the command line -------------------------------------


def test_init_and_profile_set_take_a_language(db_path: Path) -> None:
    """--lang is checked and written as a tag; profile shows it."""
    run("init", "--name", "Ada", "--lang", "de")
    assert "de" == sqlite_utils.Database(db_path)["profile"].get(1)["lang"]
    run("profile", "set", "--lang", "en_us")
    assert "Language:" in run("profile") and "en-US" in run("profile")
    assert "en-US" == __import__("json").loads(run("profile", "--json"))["lang"]


def test_an_unsupported_profile_language_is_one_line_and_changes_nothing(db_path: Path) -> None:
    run("init", "--lang", "fr")
    output = fails("profile", "set", "--lang", "pt")
    assert 1 == len(output.strip().splitlines())
    assert "Error:" in output and "en, de, fr, es" in output
    assert "fr" == sqlite_utils.Database(db_path)["profile"].get(1)["lang"]
