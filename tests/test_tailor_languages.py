"""Tailoring across languages: a real German posting is read in German and ranks entries by their German text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from eval.metrics import POSTINGS, load_labels, ndcg_at, precision_at
from eval.portfolio import ENTRIES

from tpmfolio import Portfolio
from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from tpmfolio.tailor import rank, read_posting
from tpmfolio.tailor.language import detect

GERMAN_POSTING = POSTINGS / "signpath-product-owner.de.md"  # source in tests/eval/postings/sources.yaml
LABELS = {label.name: label for label in load_labels().postings}
TODAY = dt.date(2025, 6, 1)

# German text for a few entries of the evaluation portfolio: faithful translations of their
# English text, as their owner would write them (three of them relevant to the posting, one not).
GERMAN = {
    1: {
        "title": "Neugestaltung des Checkouts auf Basis von Kundenforschung",
        "summary": "Den Web-Checkout nach einem Research-Sprint mit Kunden neu gestaltet.",
        "action": "20 Kunden interviewt, Usability-Tests mit Prototypen durchgeführt und ein bereichsübergreifendes "
        "Team aus Design, Entwicklung und Marketing durch drei Releases geführt.",
    },
    9: {
        "title": "Konferenzvortrag: öffentliche APIs skalieren",
        "summary": "Vortrag auf einer regionalen Entwicklerkonferenz über Versionierung und Ratenbegrenzung öffentlicher APIs.",
    },
    11: {
        "title": "Ehrenamtliche Produktleitung für eine Tafel-App",
        "summary": "Leitete ein ehrenamtliches Team, das eine App zur Abholplanung für eine Tafel baute.",
        "action": "Führte Nutzerinterviews mit Ehrenamtlichen und Kunden, schrieb die Anforderungen und koordinierte "
        "fünf ehrenamtliche Entwickler bis zum MVP.",
    },
    14: {
        "title": "Richtlinien für Code-Reviews",
        "summary": "Schrieb die Checkliste für Code-Reviews und die Qualitätsschranken, die die Teams noch nutzen.",
        "action": "Analysierte ein Jahr entgangener Fehler, um zu sehen, was Reviews übersahen, und schrieb eine "
        "Checkliste und CI-Qualitätsschranken.",
    },
}


def ranking(entries, posting) -> list[int]:
    return [r.entry.id for r in rank(entries, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=TODAY) if r.score > 0]


def with_german(entries=ENTRIES):
    return tuple(attrs.evolve(e, translations={"de": GERMAN[e.id]}) if e.id in GERMAN else e for e in entries)


def test_the_german_posting_is_read_in_german_with_its_sections():
    """Language, the sections under 'Deine Aufgaben' and 'Dein Profil', and the skills its German words ask for."""
    posting = read_posting(GERMAN_POSTING)
    assert "de" == posting.lang
    sections = {r.section for r in posting.requirements}
    assert {"responsibility", "qualification"} <= sections
    asks = [r for r in posting.requirements if r.text.startswith("Du erarbeitest gemeinsam mit den Stakeholdern")]
    assert {"strategic-planning", "team-leadership"} <= set(asks[0].skills)
    assert {"strategische ausrichtung", "vision"} <= set(asks[0].keywords)  # German keywords of the catalog
    backlog = next(r for r in posting.requirements if "Product Backlog" in r.text)
    assert "process-orientation" in backlog.skills
    customer = next(r for r in posting.requirements if "Kundenanforderungen" in r.text)
    assert "customer-focus" in customer.skills


def test_the_german_posting_ranks_the_labelled_entries_first():
    """The evaluation's labels for this posting: all of the first three are relevant (English text only)."""
    grades = dict(LABELS[GERMAN_POSTING.name].grades)
    ranked = ranking(ENTRIES, read_posting(GERMAN_POSTING))
    assert 1.0 == precision_at(ranked, grades)
    assert ndcg_at(ranked, grades) >= 0.75


def test_entries_rank_by_their_german_text_where_they_have_it():
    """Translated entries are read in German: their words meet the posting's, and the ranking stays sound."""
    posting = read_posting(GERMAN_POSTING)
    grades = dict(LABELS[GERMAN_POSTING.name].grades)
    english, german = ranking(ENTRIES, posting), ranking(with_german(), posting)
    print(f"\nEnglish text only: {english[:6]}; with German text: {german[:6]}")
    assert 1.0 == precision_at(german, grades)
    assert ndcg_at(german, grades) >= 0.75
    ranked = {r.entry.id: r for r in rank(with_german(), posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=TODAY)}
    # The reasons quote the entry's German words; the ranking returns the entries as stored.
    assert "Volunteer product lead for a food bank app" == ranked[11].entry.title
    assert any("anforderungen" in reason.lower() for reason in ranked[11].reasons), ranked[11].reasons
    assert not any("anforderungen" in reason.lower() for r in rank(ENTRIES, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=TODAY)
                   if r.entry.id == 11 for reason in r.reasons)


def test_english_postings_stay_english():
    """Every English posting of the evaluation is still read in English."""
    for label in LABELS.values():
        if label.language == "en":
            assert "en" == read_posting(label.path).lang, label.name


def test_a_page_says_its_language_in_json_ld():
    """schema.org inLanguage wins over counting words, even on a short posting."""
    page = (
        '<html><head><script type="application/ld+json">{"@type": "JobPosting", "title": "Product Owner",'
        ' "inLanguage": "de-DE", "responsibilities": ["Roadmap mit Stakeholdern abstimmen",'
        ' "Kundenanforderungen sammeln"]}</script></head><body></body></html>'
    )
    posting = read_posting(page)
    assert "de" == posting.lang
    assert "customer-focus" in posting.matched_skills
    assert "de" == detect("Roadmap", declared="de-AT") and "en" == detect("Roadmap", declared="pt")


def test_tailor_through_the_portfolio_uses_german_text_and_keeps_the_stored_entries(tmp_path: Path):
    """folio.tailor and gaps --for read a German posting against translations stored in the file."""
    with Portfolio.open(tmp_path / "p.db") as folio:
        for entry in with_german():
            folio.add(attrs.evolve(entry, id=None))
        ranked = folio.tailor(GERMAN_POSTING)
        top = [r.entry.title for r in ranked[:3]]
        gaps = folio.posting_gaps(GERMAN_POSTING)
    assert "Agile transformation of the platform group" in top
    assert all(not title.startswith(("Konferenz", "Ehrenamt")) for title in (r.entry.title for r in ranked))
    assert "de" == read_posting(GERMAN_POSTING).to_json()["lang"]
    assert json.dumps(gaps)  # the open requirements, in the posting's words
    assert all(item["text"] for item in gaps["unanswered"])


@pytest.mark.parametrize("name", ["18f-product-manager.job.json", "gitlab-product-manager.md"])
def test_reading_german_leaves_no_trace_on_english_rankings(name: str):
    """Reading a German posting first changes nothing in how an English one ranks next."""
    before = ranking(ENTRIES, read_posting(POSTINGS / name))
    ranking(with_german(), read_posting(GERMAN_POSTING))
    assert before == ranking(ENTRIES, read_posting(POSTINGS / name))
