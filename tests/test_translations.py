"""The person's own text in several languages: the model, the file, the profile's language."""

from __future__ import annotations

from pathlib import Path

import attrs
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


# --- interchange -------------------------------------------------------------------

EXAMPLE = Path(__file__).parents[1] / "examples" / "portfolio.yaml"
GERMAN = {
    "title": "Abgleich der Frachtrechnungen mit Finanzen und Betrieb",
    "summary": "Ein Abgleich, der Überabrechnungen der Spediteure automatisch findet.",
}


def translated_example(db_path: Path) -> Portfolio:
    """The example portfolio with an entry and the profile partly in German and French."""
    folio = Portfolio.open(db_path)
    folio.import_text(EXAMPLE.read_text(encoding="utf-8"), "yaml")
    folio.translate(4, "de", **GERMAN)
    folio.translate(4, "fr", title="Rapprochement des factures de transport")
    folio.translate("profile", "de", headline="Engineering Manager → Technischer Produktmanager")
    return folio


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_export_import_export_is_byte_identical_with_translations(db_path: Path, tmp_path: Path, format: str) -> None:
    """The translations key on entries and the profile survives a round trip byte for byte."""
    with translated_example(db_path) as folio:
        first = folio.export(format)
    with Portfolio.open(tmp_path / "copy.db") as copy:
        copy.import_text(first, format)
        assert first == copy.export(format)
        assert {"de": GERMAN, "fr": {"title": "Rapprochement des factures de transport"}} == copy.get(4).translations
    document = __import__("yaml").safe_load(first)
    assert {"de": {"headline": "Engineering Manager → Technischer Produktmanager"}} == document["profile"]["translations"]
    assert {} == document["entries"][0]["translations"]
    assert list(document["entries"][3]["translations"]["de"]) == ["title", "summary"]


def test_an_import_that_leaves_translations_out_keeps_the_stored_ones(db_path: Path) -> None:
    """A CSV (which has no translations column) or a document without the key changes none of them."""
    with translated_example(db_path) as folio:
        csv_text = folio.export("csv")
        assert "translations" not in csv_text.splitlines()[0]
        folio.import_text(csv_text.replace("Carrier invoice reconciliation", "Carrier invoice matching"), "csv")
        assert GERMAN == folio.get(4).translations["de"]
        assert "Carrier invoice matching with Finance and Operations" == folio.get(4).title


@pytest.mark.parametrize(
    ("translations", "says"),
    [
        ({"pt": {"title": "x"}}, "entries[0].translations.pt: 'pt' is not a supported language"),
        ({"de": {"kind": "x"}}, "entries[0].translations.de.kind: 'kind' cannot be translated"),
        ({"de": {"title": ""}}, "entries[0].translations.de.title: the translation is empty"),
        ({"de": ["x"]}, "entries[0].translations.de: expected a mapping of fields to text, got a list"),
        (["de"], "entries[0].translations: expected a mapping of languages to fields"),
    ],
)
def test_bad_translations_in_a_file_are_named_by_path(db_path: Path, translations: object, says: str) -> None:
    import json

    from tpmfolio.errors import ImportProblems

    document = {"tpmfolio": 1, "entries": [{"title": "T", "translations": translations}]}
    with Portfolio.open(db_path) as folio, pytest.raises(ImportProblems) as caught:
        folio.import_text(json.dumps(document), "json")
    assert any(problem.startswith(says) for problem in caught.value.problems), caught.value.problems


def test_a_json_resume_in_german_has_the_german_text_and_falls_back_per_field(db_path: Path) -> None:
    import json

    from tpmfolio.interchange import from_jsonresume  # noqa: F401  (the module the schema test uses)

    with translated_example(db_path) as folio:
        english = json.loads(folio.export("jsonresume"))
        german = json.loads(folio.export("jsonresume", lang="de"))
        with pytest.raises(InvalidValue, match="JSON Resume only"):
            folio.export("json", lang="de")
    assert german["basics"]["label"] == "Engineering Manager → Technischer Produktmanager"
    assert german["basics"]["summary"] == english["basics"]["summary"]
    (work,) = [w for w in german["work"] if GERMAN["summary"] in w.get("summary", "")]
    assert GERMAN["title"] in work["summary"]
    assert "Carrier invoice reconciliation" not in json.dumps(german)
    assert "Product strategy cohort course (8 weeks)" in json.dumps(german)  # untranslated: as typed


# --- the command line ------------------------------------------------------------------


def test_translate_sets_fields_and_show_reads_them_back(db_path: Path) -> None:
    """translate ID LANG --field stores the text; show --lang shows it with the rest as typed."""
    entry_id = run("add", "Checkout redesign", "--summary", "Fewer steps.", "--result", "Conversion up.").strip()
    assert f"Entry {entry_id} in de: title, result" in run(
        "translate", entry_id, "de", "--title", "Neuer Checkout", "--result", "Mehr Abschlüsse."
    )
    rows = sqlite_utils.Database(db_path).query("SELECT field, text FROM entry_translations ORDER BY field")
    assert [("result", "Mehr Abschlüsse."), ("title", "Neuer Checkout")] == [(r["field"], r["text"]) for r in rows]
    shown = run("show", entry_id, "--lang", "de-AT")
    assert "Neuer Checkout" in shown and "Mehr Abschlüsse." in shown and "Fewer steps." in shown
    assert "Checkout redesign" in run("show", entry_id)
    assert f"In de: title, result (tpmfolio show {entry_id} --lang de)" in run("show", entry_id)
    import json

    data = json.loads(run("show", entry_id, "--json", "--lang", "de"))
    assert ("Neuer Checkout", "Fewer steps.") == (data["title"], data["summary"])


def test_translate_profile(db_path: Path) -> None:
    run("init", "--headline", "Engineering lead", "--target-role", "TPM")
    assert "Profile in fr: headline, target-role" in run(
        "translate", "profile", "fr", "--headline", "Responsable technique", "--target-role", "Cheffe de produit"
    )
    with Portfolio.open(db_path) as folio:
        profile = folio.profile()
    assert {"fr": {"headline": "Responsable technique", "target_role": "Cheffe de produit"}} == profile.translations
    assert "Engineering lead" == profile.headline
    assert "In fr:" in run("profile") and "headline, target role" in run("profile")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["translate", "1", "pt", "--title", "Olá"], "'pt' is not a supported language; use one of: en, de, fr, es"),
        (["translate", "99", "de", "--title", "Kasse"], "no entry with id 99"),
        (["translate", "1", "de", "--title", ""], "the de translation of title is empty"),
        (["translate", "1", "de", "--title", "   "], "the de translation of title is empty"),
        (["translate", "1", "de", "--headline", "Kopf"], "--headline is not a field of an entry"),
        (["translate", "profile", "de", "--title", "Kopf"], "--title is not a field of the profile"),
        (["show", "1", "--lang", "klingon"], "not a supported language"),
        (["gaps", "--lang", "xx"], "not a supported language"),
        (["export", "--format", "jsonresume", "--lang", "pt"], "not a supported language"),
        (["export", "--format", "json", "--lang", "de"], "a language applies to a JSON Resume only"),
    ],
)
def test_bad_translation_input_is_one_line_and_changes_nothing(db_path: Path, args: list[str], says: str) -> None:
    run("add", "Checkout redesign")
    before = sqlite_utils.Database(db_path).execute("SELECT count(*) FROM entry_translations").fetchone()
    output = fails(*args)
    assert 1 == len(output.strip().splitlines()), output
    assert output.startswith("Error: ") and says in output
    assert before == sqlite_utils.Database(db_path).execute("SELECT count(*) FROM entry_translations").fetchone()


def editor(change):
    """A stand-in for $EDITOR, which works on a draft file: read it, change it, save it."""

    def edit(filename: str, **kwargs: object) -> None:
        path = Path(filename)
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    return edit


def test_translate_without_options_opens_a_form_with_the_originals(db_path: Path, monkeypatch) -> None:
    """The form shows each original as a comment above its field; what is filled in is stored."""
    import click

    entry_id = run("add", "Checkout redesign", "--summary", "Fewer steps.\nSecond line.").strip()
    run("translate", entry_id, "de", "--title", "Alter Titel")
    seen: list[str] = []

    def fill_in(text: str) -> str:
        seen.append(text)
        return text.replace("title: Alter Titel", "title: Neuer Checkout").replace("summary: ''", "summary: Weniger Schritte.")

    monkeypatch.setattr(click, "edit", editor(fill_in))
    assert "Entry 1 in de: title, summary" in run("translate", entry_id, "de")
    form = seen[0]
    assert "# Checkout redesign\ntitle: Alter Titel" in form
    assert "# Fewer steps.\n# Second line.\nsummary: ''" in form
    assert "situation" not in form  # nothing to translate there
    with Portfolio.open(db_path) as folio:
        assert {"de": {"title": "Neuer Checkout", "summary": "Weniger Schritte."}} == folio.get(1).translations


def test_a_mistake_in_the_form_is_shown_and_kept_as_a_draft(db_path: Path, user_dirs: Path, monkeypatch) -> None:
    """An unknown field is named with its line; declining to edit again keeps the text in a draft."""
    import click

    entry_id = run("add", "Checkout redesign").strip()
    monkeypatch.setattr(click, "edit", editor(lambda text: text + "kind: Projekt\n"))
    result = CliRunner().invoke(cli, ["translate", entry_id, "de"], input="n\n")
    assert result.exit_code != 0
    assert "'kind' cannot be translated" in result.output and "(line " in result.output
    (draft,) = (user_dirs / "drafts").iterdir()
    assert "kind: Projekt" in draft.read_text(encoding="utf-8")
    assert f"tpmfolio translate {entry_id} de --from-draft" in result.output
    assert 0 == sqlite_utils.Database(db_path)["entry_translations"].count
    # The draft is taken back, fixed, and stored; then it goes.
    monkeypatch.setattr(click, "edit", editor(lambda text: text.replace("kind: Projekt\n", "").replace("title: ''", "title: Kasse")))
    run("translate", entry_id, "de", "--from-draft", str(draft))
    assert not draft.exists()
    assert [("title", "Kasse")] == [(r["field"], r["text"]) for r in sqlite_utils.Database(db_path)["entry_translations"].rows]


def test_clearing_the_form_removes_the_translation(db_path: Path, monkeypatch) -> None:
    import click

    entry_id = run("add", "Checkout redesign").strip()
    run("translate", entry_id, "de", "--title", "Kasse")
    monkeypatch.setattr(click, "edit", editor(lambda text: text.replace("title: Kasse", "title: ''")))
    run("translate", entry_id, "de")
    assert 0 == sqlite_utils.Database(db_path)["entry_translations"].count


def test_gaps_lang_lists_what_is_not_translated(db_path: Path) -> None:
    """Entries with no German text, and the profile, in the text report and as "untranslated" in JSON."""
    import json

    run("init", "--headline", "Engineering lead")
    for title in ("One", "Two", "Three"):
        run("add", title)
    run("translate", "2", "de", "--title", "Zwei")
    data = json.loads(run("gaps", "--lang", "de", "--json"))
    assert [1, 3, "profile"] == data["untranslated"]
    assert "Not in German (de) yet: entries 1, 3 and the profile." in run("gaps", "--lang", "de")
    run("translate", "profile", "de", "--headline", "Leiterin")
    assert [1, 3] == json.loads(run("gaps", "--lang", "de-CH", "--json"))["untranslated"]
    assert "untranslated" not in json.loads(run("gaps", "--json"))


# --- rendering ----------------------------------------------------------------------------


def test_a_render_in_german_uses_each_translated_field_and_falls_back_to_the_original(db_path: Path) -> None:
    """The German HTML has the German title and result, the English summary, and the German headline."""
    with Portfolio.open(db_path) as folio:
        folio.set_profile(Profile(name="Dana Whitfield", headline="Engineering lead moving into product"))
        entry_id = folio.add(
            Entry(title="Checkout redesign", summary="Fewer steps to pay.", result="Conversion rose by a tenth.",
                  skills=["customer-focus:3"])
        )
        folio.translate(entry_id, "de", title="Neugestaltung des Checkouts", result="Die Konversion stieg um ein Zehntel.")
        folio.translate("profile", "de", headline="Engineering-Leiterin auf dem Weg ins Produktmanagement")
        german = folio.render_html(lang="de")
        english = folio.render_html()
        folio.set_profile(attrs.evolve(folio.profile(), lang="de"))
        by_default = folio.render_html()
    for text in ("Neugestaltung des Checkouts", "Die Konversion stieg um ein Zehntel.", "Fewer steps to pay.",
                 "Engineering-Leiterin auf dem Weg ins Produktmanagement", "Dana Whitfield"):
        assert text in german, text
    assert "Checkout redesign" not in german and "Engineering lead moving into product" not in german
    assert "Checkout redesign" in english and "Neugestaltung" not in english
    assert "Neugestaltung des Checkouts" in by_default  # the profile's language is the default


def test_an_export_from_before_translations_cut_short_is_still_refused() -> None:
    """An older export has no translations key in any entry; its last entry cut short is still noticed."""
    import json

    from tpmfolio.errors import ImportProblems
    from tpmfolio.interchange import entry_to_data, load_document

    entries = []
    for i in (1, 2, 3):
        data = entry_to_data(Entry(title=f"Entry {i}", uid=f"u{i}"))
        del data["translations"]
        entries.append(data)
    entries[-1] = {k: entries[-1][k] for k in ("id", "uid", "title")}
    with pytest.raises(ImportProblems) as caught:
        load_document(json.dumps({"tpmfolio": 1, "entries": entries}), "json")
    assert "is it complete?" in caught.value.problems[-1]
