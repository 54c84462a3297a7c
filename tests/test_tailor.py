"""Ranking entries for a posting, the reasons, and the requirement → evidence fit."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from eval.portfolio import ENTRIES

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from tpmfolio.cli.views import format_ranking
from tpmfolio.models import Entry
from tpmfolio.posting import read_posting
from tpmfolio.tailor import choose, fit, no_match_message, posting_gaps, rank, ranking_json, unanswered

EVAL = Path(__file__).parent / "data" / "postings"
TODAY = dt.date(2025, 6, 1)


def ranked_for(posting, entries=ENTRIES, **kw):
    return rank(entries, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=kw.pop("today", TODAY), **kw)


def ids(ranked):
    return [r.entry.id for r in ranked]


@pytest.fixture(scope="module")
def growth():
    return read_posting(EVAL / "growth-bullets.txt")


def test_the_obvious_entry_ranks_first(growth):
    """The checkout research entry tops a posting about checkout and customer research."""
    ranked = ranked_for(growth)
    assert ranked[0].entry.id == 1
    assert ranked[0].score > ranked[1].score > 0


def test_reasons_quote_the_requirement_skill_and_level(growth):
    """Reasons name the posting's requirement, the skill and the entry's level, and the matched wording."""
    reasons = ranked_for(growth)[0].reasons
    assert reasons[0].startswith("'Define success metrics (conversion, adoption, retention)…': led customer focus;")
    assert "customer adoption rate 10% → 34%" in reasons[0]
    assert "'Partner with design and engineering to run customer…': led customer focus; Action: usability" in reasons


def test_reasons_never_rest_on_a_generic_word():
    """Words every posting uses ("week", "building", "team") never stand as a reason; rare shared words do."""
    posting = read_posting({"responsibilities": ["Ship idempotency keys for payments every week while building the team"]})
    entry = Entry(id=1, title="Payment retries", action="Made payment retries safe with idempotency keys each week, building a team")
    (ranked,) = ranked_for(posting, [entry])
    (reason,) = ranked.reasons
    assert reason.startswith("'Ship idempotency keys for payments every week while…': ")
    assert "idempotency" in reason
    assert not any(word in reason.split(": ", 1)[1] for word in ("week", "building", "team"))


def test_rare_words_outweigh_common_ones():
    """Sharing "idempotency" with the posting counts for more than sharing "week"."""
    posting = read_posting({"responsibilities": ["Idempotency of payment APIs, reviewed every week"]})
    rare = Entry(id=1, title="Idempotency for the API")
    common = Entry(id=2, title="Reviewed every week")
    assert ids(ranked_for(posting, [common, rare])) == [1, 2]


def test_cross_functional_wording_reason():
    """'work with cross-functional teams' links to team leadership with the entry's level."""
    posting = read_posting({"responsibilities": ["Work with cross-functional teams"]})
    entry = Entry(id=7, title="Squad lead", action="Led a cross-functional squad", skills=["team-leadership:3"])
    (ranked,) = ranked_for(posting, [entry])
    assert ranked.reasons[0].startswith("'Work with cross-functional teams': led team leadership")


def test_skill_level_orders_otherwise_equal_entries():
    """Of two entries alike but for the skill level, the higher level ranks first."""
    posting = read_posting({"responsibilities": ["Own the product roadmap"]})
    low = Entry(id=1, title="Roadmap A", skills=["strategic-planning:1"])
    high = Entry(id=2, title="Roadmap B", skills=["strategic-planning:3"])
    assert ids(ranked_for(posting, [low, high])) == [2, 1]


def test_business_kpi_beats_engineering_kpi():
    """Of two entries alike but for the KPI, the business-impact one ranks first."""
    posting = read_posting({"responsibilities": ["Own the product roadmap"]})
    eng = Entry(id=1, title="Roadmap", skills=["strategic-planning:2"], kpis=["cycle-time=3 days"])
    biz = Entry(id=2, title="Roadmap", skills=["strategic-planning:2"], kpis=["revenue=$1M"])
    assert ids(ranked_for(posting, [eng, biz])) == [2, 1]


def test_recent_beats_old():
    """Of two entries alike but for their dates, the recent one ranks first."""
    posting = read_posting({"responsibilities": ["Own the product roadmap"]})
    old = Entry(id=1, title="Roadmap", started="2015", ended="2016", skills=["strategic-planning:2"])
    new = Entry(id=2, title="Roadmap", started="2025-01", ended="2025-04", skills=["strategic-planning:2"])
    ranked = ranked_for(posting, [old, new])
    assert ids(ranked) == [2, 1]
    assert ranked[0].score > ranked[1].score


def test_ties_break_by_id_then_title():
    """Equal scores keep a stable order: lower id first, entries without id last by title."""
    posting = read_posting({"responsibilities": ["Own the product roadmap"]})
    same = dict(skills=["strategic-planning:2"])
    entries = [
        Entry(title="B", **same),
        Entry(id=9, title="Z", **same),
        Entry(title="A", **same),
        Entry(id=3, title="Y", **same),
    ]
    ranked = ranked_for(posting, entries)
    assert len({r.score for r in ranked}) == 1
    assert [(r.entry.id, r.entry.title) for r in ranked] == [(3, "Y"), (9, "Z"), (None, "A"), (None, "B")]


def test_ranking_is_deterministic_whatever_the_input_order(growth):
    """Shuffling the entries does not change the ranking or its reasons."""
    expected = ranking_json(ranked_for(growth))
    shuffled = list(ENTRIES)
    random.Random(4).shuffle(shuffled)
    assert ranking_json(ranked_for(growth, shuffled)) == expected


def test_text_relevance_without_tagged_skills():
    """Wording alone ranks an untagged entry above an unrelated one."""
    posting = read_posting({"responsibilities": ["Own checkout and onboarding conversion"]})
    related = Entry(id=2, title="Onboarding funnel", result="Checkout conversion up 3 points")
    unrelated = Entry(id=1, title="Office move", result="Moved desks")
    ranked = ranked_for(posting, [unrelated, related])
    assert ids(ranked) == [2, 1]
    assert ranked[1].score == 0
    assert ranked[0].reasons == ("'Own checkout and onboarding conversion': Title: onboarding; Result: checkout, conversion",)


def test_fts_scores_lift_an_entry():
    """More negative bm25 values (better full-text matches) lift an entry."""
    posting = read_posting({"responsibilities": ["Own the product roadmap"]})
    a = Entry(id=1, title="Roadmap", skills=["strategic-planning:2"])
    b = Entry(id=2, title="Roadmap", skills=["strategic-planning:2"])
    assert ids(ranked_for(posting, [a, b])) == [1, 2]
    ranked = ranked_for(posting, [a, b], text_scores={1: -0.5, 2: -7.25})
    assert ids(ranked) == [2, 1]


def test_limit_keeps_the_best(growth):
    """limit keeps the top entries in the same order as the full ranking."""
    full = ranked_for(growth)
    assert ids(ranked_for(growth, limit=3)) == ids(full)[:3]
    assert ranked_for(growth, limit=0) == []


def test_empty_portfolio(growth):
    """No entries: an empty ranking, an empty fit, every requirement unanswered, and a message."""
    ranked = ranked_for(growth, [])
    assert ranked == []
    assert all(row["evidence"] == [] for row in fit(growth, ranked))
    assert len(unanswered(growth, ranked)) == len(growth.requirements)
    assert "no entries" in no_match_message(growth, ranked)


def test_posting_naming_no_skill_is_ranked_on_its_words():
    """A posting that names no known skill still ranks entries that share its telling words, and says how it ranked."""
    from tpmfolio.tailor import text_only_notice

    posting = read_posting("Kitchen lead\n\nWe run a sourdough bakery. Bake sourdough loaves every morning.")
    bakery = Entry(id=1, title="Sourdough bakery pop-up", summary="Baked sourdough loaves for a weekend market")
    ranked = ranked_for(posting, [*ENTRIES[:3], bakery])
    assert posting.matched_skills == ()
    assert ranked[0].entry.id == 1 and ranked[0].score > 0
    assert "sourdough" in ranked[0].reasons[0]
    assert text_only_notice(posting) == "no requirement names a known skill: ranked on the posting's words only"
    assert no_match_message(posting, ranked) is None


def test_posting_matching_nothing():
    """A posting outside the portfolio's world scores every entry 0 and says so."""
    posting = read_posting("Line cook\n\nResponsibilities:\n- Prepare sauces\n- Clean the grill\n")
    ranked = ranked_for(posting)
    assert len(ranked) == len(ENTRIES)
    assert all(r.score == 0 and r.reasons == () for r in ranked)
    assert ids(ranked) == sorted(ids(ranked))
    message = no_match_message(posting, ranked)
    assert message is not None and "matches a known skill" in message
    assert message in format_ranking(posting, ranked)


def test_no_message_when_something_matches(growth):
    """no_match_message is None when some entry scores."""
    assert no_match_message(growth, ranked_for(growth)) is None


def test_to_json_shape(growth):
    """tailor --json items are {id, title, score, reasons} and JSON-serialisable."""
    data = ranking_json(ranked_for(growth))
    assert set(data[0]) == {"id", "title", "score", "reasons"}
    assert data[0]["id"] == 1 and isinstance(data[0]["score"], float)
    assert json.loads(json.dumps(data)) == data


def test_fit_shape_and_content(growth):
    """fit gives one row per requirement with at most three pieces of evidence, strongest first."""
    rows = fit(growth, ranked_for(growth))
    assert [row["requirement"] for row in rows] == [r.text for r in growth.requirements]
    roadmap = rows[[r.text for r in growth.requirements].index("Own the roadmap for checkout and onboarding")]
    assert roadmap["evidence"][0] == {
        "id": 7,
        "title": "Roadmap and OKRs for the onboarding team",
        "reason": "led strategic planning; Title: onboarding, roadmap",
        "skill": "Strategic planning",
        "level": 3,
    }
    assert all(len(row["evidence"]) <= 3 for row in rows)
    assert all(set(e) == {"id", "title", "reason", "skill", "level"} for row in rows for e in row["evidence"])


def test_fit_only_uses_the_entries_given(growth):
    """fit over the top entries only cites those entries."""
    top = ranked_for(growth, limit=2)
    cited = {e["id"] for row in fit(growth, top) for e in row["evidence"]}
    assert cited <= {1, 15}


def test_level_one_alone_does_not_answer_a_requirement():
    """An entry that only touched a skill (level 1) is not evidence for a requirement by itself."""
    posting = read_posting({"responsibilities": ["Own the product roadmap"]})
    touched = Entry(id=1, title="Course", skills=["strategic-planning:1"])
    assert fit(posting, ranked_for(posting, [touched]))[0]["evidence"] == []
    assert [r.text for r in unanswered(posting, ranked_for(posting, [touched]))] == ["Own the product roadmap"]


def test_unanswered_and_posting_gaps(growth):
    """Requirements nobody answers are listed; so are asked-for skills without evidence."""
    ranked = ranked_for(growth)
    assert [r.text for r in unanswered(growth, ranked)] == ["Data fluency: SQL is a plus"]
    only_engineering = [e for e in ENTRIES if e.id in (8, 14)]
    gaps = posting_gaps(growth, ranked_for(growth, only_engineering))
    assert "customer-focus" in gaps["skills_without_evidence"]
    assert gaps["title"] == growth.title
    assert json.loads(json.dumps(gaps)) == gaps


def test_format_ranking_plain_and_colour(growth):
    """The text view lists entries with scores and reasons; colour only when asked."""
    ranked = ranked_for(growth, limit=2)
    plain = format_ranking(growth, ranked)
    assert "#1 Checkout redesign grounded in customer research" in plain
    assert "\x1b[" not in plain
    assert "\x1b[" in format_ranking(growth, ranked, color=True)


def test_choose_adds_evidence_for_requirements_the_top_entries_leave_unanswered():
    """A lower-ranked entry that alone answers a requirement is kept when room is allowed."""
    posting = read_posting({"responsibilities": [
        "Lead cross-functional teams", "Influence stakeholders and build alignment",
        "Coach and mentor engineers", "Run scrum ceremonies",
    ]})
    leaders = [Entry(id=i, title=f"Led cross-functional team {i}", skills=["team-leadership:3"]) for i in (1, 2, 3)]
    scrum = Entry(id=4, title="Certificate", kind="certification", skills=["process-orientation:2"])
    ranked = ranked_for(posting, [*leaders, scrum])
    top_two = choose(ranked, limit=2)
    assert [r.entry.id for r in top_two] == [r.entry.id for r in ranked[:2]]
    assert 4 not in [r.entry.id for r in top_two]
    covered = choose(ranked, limit=2, cover_extra=1)
    assert [r.entry.id for r in covered][-1] == 4
    assert unanswered(posting, covered) == ()


def test_reasons_speak_in_the_portfolios_words():
    """Levels read led / practised / touched, and a KPI the requirement names comes with its change."""
    posting = read_posting({"responsibilities": ["Grow retention of new users", "Own the product roadmap", "Run scrum ceremonies"]})
    entry = Entry(
        id=1,
        title="Onboarding roadmap",
        skills=["strategic-planning:2", "process-orientation:1"],
        kpis=["retention=88% baseline=82%"],
        action="Ran scrum ceremonies for the onboarding squad",
    )
    reasons = ranked_for(posting, [entry])[0].reasons
    assert "'Grow retention of new users': retention 82% → 88%" in reasons
    assert "'Own the product roadmap': practised strategic planning; Title: roadmap" in reasons
    assert "'Run scrum ceremonies': touched process orientation (Agile/Scrum); Action: scrum, ceremonies" in reasons
