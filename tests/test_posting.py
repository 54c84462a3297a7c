"""Reading postings: JSON Resume jobs, messy pastes, and the skills each requirement asks for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tpmfolio.catalog import BUILTIN_SKILLS
from tpmfolio.errors import PostingError
from tpmfolio.models import Skill
from tpmfolio.posting import read_posting, stem, stems

DATA = Path(__file__).parent / "data"
EVAL = Path(__file__).parent / "data" / "postings"


def texts(posting):
    return [r.text for r in posting.requirements]


def skills_of(posting, fragment):
    """The skills of the one requirement containing ``fragment``."""
    (found,) = [r for r in posting.requirements if fragment in r.text]
    return set(found.skills)


# --- normalisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("collaborating", "collaborate"),
        ("collaboration", "collaborate"),
        ("requirements", "requirement"),
        ("planning", "plans"),
        ("prioritisation", "prioritize"),
        ("strategies", "strategy"),
        ("processes", "process"),
        ("management", "managing"),
        ("functional", "functions"),
        ("delivered", "delivering"),
        ("organisation", "organization"),
        ("prioritise", "prioritize"),
        ("segmentation", "segment"),
    ],
)
def test_word_forms_meet_at_one_stem(a, b):
    """Inflected and derived forms of a word normalise to the same stem."""
    assert stem(a) == stem(b)


def test_distinct_words_stay_apart():
    """Stemming does not fold marketing into market, experience into experiment, or executive into execution."""
    assert stem("marketing") != stem("market")
    assert stem("experience") != stem("experiment")
    assert stem("executive") != stem("execution")
    assert stem("community") != stem("communication")


def test_stems_are_porter_stems_whatever_came_before():
    """A stem depends on the word alone (the Porter stemmer of SQLite's FTS5), not on earlier calls."""
    import Stemmer

    porter = Stemmer.Stemmer("porter")
    assert stem("with") == "with"
    stems("with " * 3 + "withering")
    assert stem("with") == "with"
    for word in ("collaborating", "stakeholders", "idempotency", "roadmaps", "business"):
        assert stem(word) == porter.stemWord(word)


def test_stems_drop_function_words_and_punctuation():
    """Stems keep content words in order, without punctuation or function words."""
    assert stems("Collaborating with cross-functional teams!") == ["collabor", "cross", "function", "team"]


def test_unicode_is_normalised():
    """Full-width letters, curly apostrophes and case fold to the plain form."""
    assert stems("ＣＵＳＴＯＭＥＲ Research") == stems("customer research")
    assert stems("you’ll own") == stems("you'll own")


# --- skills from requirements -------------------------------------------------------


def test_close_wording_matches_a_skill():
    """'collaborating with cross-functional teams' asks for team leadership."""
    posting = read_posting({"title": "TPM", "responsibilities": ["Collaborating with cross-functional teams"]})
    assert posting.requirements[0].skills == ("team-leadership",)


def test_customer_research_asks_for_customer_focus():
    """'customer research' asks for customer focus."""
    posting = read_posting({"responsibilities": ["Lead customer research with designers"]})
    assert "customer-focus" in posting.requirements[0].skills


def test_custom_skills_are_matched_by_their_keywords():
    """A custom skill passed in is matched by its own keywords."""
    custom = Skill("data-fluency", "Data fluency", "other", keywords=["sql", "dashboards"])
    posting = read_posting({"qualifications": ["Writes SQL and builds dashboards"]}, skills=[*BUILTIN_SKILLS, custom])
    assert posting.requirements[0].skills == ("data-fluency",)
    assert posting.requirements[0].weights == (2,)


def test_skill_weights_count_requirements_and_keywords():
    """A skill asked for in two requirements outweighs one asked for once."""
    posting = read_posting(
        {"responsibilities": ["Run customer interviews", "Turn customer feedback into plans", "Write an API spec"]}
    )
    weights = posting.skill_weights()
    assert weights["customer-focus"] > weights["technical-acumen"]
    assert posting.matched_skills[0] == "customer-focus"


def test_required_is_not_a_requirements_skill():
    """The word 'required' does not ask for attention to detail."""
    posting = read_posting({"qualifications": ["Competitive analysis experience is required"]})
    assert "attention-to-detail" not in posting.requirements[0].skills


# --- JSON Resume jobs -------------------------------------------------------------


def test_sample_json_resume_job():
    """The JSON Resume sample job gives title, company and its responsibilities, qualifications and skills."""
    posting = read_posting(DATA / "sample.job.json")
    assert (posting.title, posting.company, posting.source) == ("Web Developer", "Microsoft", "json")
    assert texts(posting)[:2] == ["Develop and maintain web applications", "Collaborate with cross-functional teams"]
    assert len(posting.requirements) == 4 + 3 + 2
    assert [r.section for r in posting.requirements].count("skill") == 2
    assert "Web Development (HTML, CSS, JavaScript, React, Node.js)" in texts(posting)
    assert skills_of(posting, "cross-functional") == {"team-leadership"}
    assert {"technical-acumen", "customer-focus"} <= skills_of(posting, "UI/UX")


def test_json_given_as_dict_equals_json_given_as_file():
    """A parsed job and the same job as a file read the same."""
    data = json.loads((DATA / "sample.job.json").read_text(encoding="utf-8"))
    assert read_posting(data) == read_posting(DATA / "sample.job.json")


def test_json_path_as_string(tmp_path):
    """A string naming an existing file is read as that file."""
    path = tmp_path / "job.json"
    path.write_text(json.dumps({"title": "TPM", "responsibilities": ["Own the roadmap"]}), encoding="utf-8")
    assert read_posting(str(path)).requirements[0].skills == ("strategic-planning",)


def test_json_with_only_a_description_reads_the_description():
    """A job file with only a description is read like pasted text."""
    posting = read_posting({"title": "TPM", "company": "X", "description": "You will own the product roadmap."})
    assert texts(posting) == ["You will own the product roadmap."]
    assert posting.source == "json"


def test_unreadable_json_names_the_file(tmp_path):
    """Broken JSON raises PostingError naming the file."""
    path = tmp_path / "broken.json"
    path.write_text('{"title": "TPM", ', encoding="utf-8")
    with pytest.raises(PostingError, match="broken.json"):
        read_posting(path)


def test_missing_file_names_the_file():
    """A .json name that does not exist raises PostingError naming it."""
    with pytest.raises(PostingError, match="nope.json"):
        read_posting("nope.json")


def test_binary_file_is_rejected(tmp_path):
    """A file that is not UTF-8 text raises PostingError."""
    path = tmp_path / "job.txt"
    path.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(PostingError, match="job.txt"):
        read_posting(path)


def test_json_without_requirements_is_an_error():
    """A job with nothing to match raises a PostingError that says what is missing."""
    with pytest.raises(PostingError, match="only a title"):
        read_posting({"title": "TPM", "company": "Acme"})
    with pytest.raises(PostingError, match="no title, responsibilities"):
        read_posting({"company": "Acme"})


# --- pasted text -------------------------------------------------------------------


def test_empty_text_is_an_error():
    """Empty or blank text raises PostingError."""
    for text in ("", "   \n\t \n"):
        with pytest.raises(PostingError, match="empty"):
            read_posting(text)


def test_text_without_requirement_wording_is_read_as_it_is():
    """Text with nothing requirement-like is still a posting: its sentences are what the ranking reads."""
    posting = read_posting("Acme Corp\n\nWe make widgets in Ohio. Lunch is free.")
    assert texts(posting) == ["We make widgets in Ohio.", "Lunch is free."]
    assert posting.matched_skills == ()


def test_bullet_paste_title_company_and_sections():
    """A bullet-heavy paste gives its title, company, bullets, and skips the benefits."""
    posting = read_posting(EVAL / "growth-bullets.txt")
    assert posting.title == "Senior Technical Product Manager – Growth"
    assert posting.company == "Brightcart"
    assert "Own the roadmap for checkout and onboarding" in texts(posting)
    assert "Experience with experimentation tools" in texts(posting)  # numbered "1." bullet
    assert "Comfort with customer interviews and turning feedback into requirements" in texts(posting)
    assert not any("insurance" in t or "paid time off" in t or "equal opportunity" in t for t in texts(posting))
    sections = {r.text: r.section for r in posting.requirements}
    assert sections["Own the roadmap for checkout and onboarding"] == "responsibility"
    assert sections["Strong communication with stakeholders at every level"] == "qualification"


def test_prose_paste_keeps_requirement_sentences_only():
    """A prose posting yields its requirement-like sentences, not the company blurb or EEO text."""
    posting = read_posting(EVAL / "strategy-prose.txt")
    assert (posting.title, posting.company) == ("Technical Product Manager, Analytics", "DataHarbor")
    joined = " ".join(texts(posting))
    assert "You will study the competitive landscape" in joined
    assert "Experience with market research or competitive analysis is required." in texts(posting)
    assert "Rotterdam" not in joined and "regardless of race" not in joined
    assert "DataHarbor builds analytics" not in joined
    assert {"market-analysis", "business-strategy"} <= set(posting.matched_skills)


def test_messy_paste():
    """Odd bullets, ALL CAPS headings, wrapped lines, NBSP and emoji still give clean requirements."""
    posting = read_posting(EVAL / "reliability-messy.txt")
    assert posting.title == "Technical Program Manager – Reliability"
    assert posting.company == "Ørsted Digital Services"
    all_text = texts(posting)
    # A wrapped bullet is joined with its continuation line.
    assert "Drive down the defect rate across releases — work with QA on quality gates and test coverage" in all_text
    assert "Lead root cause analysis after incidents and run blameless postmortems" in all_text
    assert "Improve our release process (we use Scrum, two-week sprints)" in all_text
    assert "5+ yrs of software engineering; you have debugged production systems" in all_text
    assert not any("401" in t or "lunch" in t.lower() or "Equal Opportunity" in t for t in all_text)
    assert {"problem-solving", "attention-to-detail", "process-orientation"} <= set(posting.matched_skills)


def test_crlf_tabs_and_zero_width_characters():
    """Windows line ends, tabs and zero-width spaces do not change what is read."""
    text = (EVAL / "growth-bullets.txt").read_text(encoding="utf-8")
    messy = text.replace("\n", "\r\n").replace("- Own", "-\tOwn").replace("roadmap", "road\u200bmap")
    assert texts(read_posting(messy)) == texts(read_posting(text))


def test_markdown_headings_and_bold():
    """Markdown headings and bold headings are headings, '* ' lines are bullets."""
    posting = read_posting(EVAL / "launches-markdown.md")
    assert (posting.title, posting.company) == ("Technical Program Manager, Mobile Launches", "Parcelo")
    assert texts(posting)[0] == "Coordinate major app releases across the iOS, Android and backend teams"
    assert not any("2 million" in t or "401(k)" in t for t in texts(posting))


@pytest.mark.parametrize(
    ("first_lines", "title", "company"),
    [
        ("Senior TPM — Acme Corp", "Senior TPM", "Acme Corp"),
        ("Acme Corp | Senior Technical Program Manager", "Senior Technical Program Manager", "Acme Corp"),
        ("Product Manager at Globex", "Product Manager", "Globex"),
        ("Initech is hiring a Technical Product Manager", "Technical Product Manager", "Initech"),
        ("Job title: Staff TPM\nCompany: Umbrella", "Staff TPM", "Umbrella"),
        ("Technical Program Manager", "Technical Program Manager", ""),
    ],
)
def test_title_and_company_guesses(first_lines, title, company):
    """The first lines of a paste give a best guess at title and company."""
    posting = read_posting(f"{first_lines}\n\nRequirements:\n- Own the roadmap\n")
    assert (posting.title, posting.company) == (title, company)
    assert texts(posting) == ["Own the roadmap"]


def test_no_title_when_the_paste_starts_with_prose():
    """A paste that starts with a sentence has no title guess rather than a wrong one."""
    posting = read_posting("You will own the roadmap and run customer interviews.")
    assert posting.title == ""
    assert texts(posting) == ["You will own the roadmap and run customer interviews."]


def test_inline_heading_with_content():
    """'Requirements: X' on one line is a heading and a requirement."""
    posting = read_posting("TPM\n\nRequirements: experience running Scrum teams\n")
    assert [(r.section, r.text) for r in posting.requirements] == [
        ("qualification", "experience running Scrum teams")
    ]


def test_nice_to_have_section():
    """Bullets under 'Nice to have' are kept and marked as such."""
    posting = read_posting("TPM\n\nNice to have:\n- Market sizing experience\n")
    assert posting.requirements[0].section == "nice-to-have"
    assert posting.requirements[0].skills == ("market-analysis",)


def test_duplicate_bullets_are_read_once():
    """The same requirement pasted twice is one requirement."""
    posting = read_posting("TPM\n\nResponsibilities:\n- Own the roadmap\n- Own the roadmap.\n")
    assert texts(posting) == ["Own the roadmap"]


def test_posting_that_matches_no_skill():
    """A posting outside the catalog reads fine and says it matched nothing."""
    posting = read_posting("Line cook\n\nResponsibilities:\n- Prepare sauces\n- Clean the grill\n")
    assert texts(posting) == ["Prepare sauces", "Clean the grill"]
    assert posting.matched_skills == ()


def test_to_json_is_plain_data():
    """to_json round-trips through json."""
    posting = read_posting(EVAL / "platform-tpm.job.json")
    data = posting.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["title"] == "Technical Program Manager, Cloud Platform"
    assert data["requirements"][0]["section"] == "responsibility"


# --- every shape of posting is read ---------------------------------------------------


def test_title_paragraph_and_star_bullets_under_no_heading():
    """A title, an intro paragraph and `*` bullets with no heading: the bullets are the requirements."""
    posting = read_posting(
        "Technical Program Manager, Checkout\n\n"
        "Our payments team moves money for ten thousand shops.\n\n"
        "* Coordinate the checkout roadmap across four teams\n"
        "* Track dependencies and risks for every launch\n"
    )
    assert posting.title == "Technical Program Manager, Checkout"
    assert texts(posting)[-2:] == ["Coordinate the checkout roadmap across four teams", "Track dependencies and risks for every launch"]
    assert "project-management" in posting.matched_skills


def test_prose_under_plain_headings():
    """A job described in paragraphs under plain headings is read sentence by sentence."""
    posting = read_posting(
        "Job description\n\n"
        "The programme manager plans releases with engineering teams. They keep a risk register and report "
        "progress to the board.\n\n"
        "About the team\n\n"
        "The team builds identity services for citizens.\n"
    )
    assert "The programme manager plans releases with engineering teams." in texts(posting)
    assert "They keep a risk register and report progress to the board." in texts(posting)
    assert "project-management" in posting.matched_skills


def test_run_on_bullets_are_split():
    """Bullets pasted onto one line ("• a • b • c") become one requirement each."""
    posting = read_posting("TPM\n\nRequirements • Own the roadmap • Run scrum ceremonies • Talk to customers\n")
    assert texts(posting) == ["Own the roadmap", "Run scrum ceremonies", "Talk to customers"]
    assert {r.section for r in posting.requirements} == {"qualification"}


def test_hard_wrapped_paste_joins_its_lines():
    """A bullet wrapped at a fixed width is one requirement, not two."""
    posting = read_posting(
        "Responsibilities:\n- Lead the migration of forty payment services to the\n  cloud without downtime\n- Own the roadmap\n"
    )
    assert texts(posting)[0] == "Lead the migration of forty payment services to the cloud without downtime"


def test_one_line_of_words_is_a_posting():
    """Any text with words is a posting, even a single line."""
    posting = read_posting("stakeholder management for payment APIs")
    assert texts(posting) == ["stakeholder management for payment APIs"]


def test_html_page_with_a_jobposting_uses_its_structured_data():
    """A saved page's JSON-LD JobPosting gives title, company, responsibilities, qualifications, skills, description."""
    posting = read_posting(EVAL / "jobposting-jsonld.html")
    assert (posting.title, posting.company, posting.source) == ("Technical Program Manager, Payments", "Example Corp", "html")
    sections = {r.text: r.section for r in posting.requirements}
    assert sections["Report program status to executives"] == "responsibility"
    assert sections["Experience with agile delivery"] == "qualification"
    assert sections["Stakeholder management, risk management"] == "skill"
    assert sections["Own the migration plan, dependencies and risks"] == "description"
    assert not any("analytics" in text or "Visible text" in text for text in sections)


def test_html_page_without_structured_data_reads_the_visible_text():
    """Headings become sections and list items requirements; scripts, navigation, hidden and benefits are left out."""
    posting = read_posting(EVAL / "plain-page.html")
    assert (posting.title, posting.company) == ("Senior Product Manager, Platform", "Example Co")
    assert texts(posting) == [
        "We are looking for a product manager to own our developer platform.",
        "You will work with engineering and design on the public API roadmap.",
        "Own the roadmap for the public API and its SDKs",
        "Run customer interviews with developers and turn them into requirements",
        "Experience shipping developer tools",
        "Clear written communication",
    ]
    assert [r.section for r in posting.requirements][2:] == ["responsibility", "responsibility", "qualification", "qualification"]


def test_html_string_and_mapping_are_read_like_files():
    """read_posting takes the page's HTML as a string, and a JobPosting-shaped mapping, as well as a path."""
    html = (EVAL / "plain-page.html").read_text(encoding="utf-8")
    assert read_posting(html) == read_posting(EVAL / "plain-page.html")
    mapping = {"title": "TPM", "responsibilities": ["Own the roadmap"]}
    assert texts(read_posting(mapping)) == ["Own the roadmap"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"<!doctype html><html><head><script>var a = 1;</script></head><body><nav>Home</nav></body></html>", "no text"),
    ],
    ids=["empty", "blank", "binary", "html without text"],
)
def test_files_that_are_not_postings_are_refused_in_one_line(tmp_path, content, message):
    """Empty, binary, and a page with no visible text: a PostingError naming the file and what is wrong."""
    path = tmp_path / ("job.html" if b"<" in content else "job.txt")
    path.write_bytes(content)
    with pytest.raises(PostingError, match=message) as raised:
        read_posting(path)
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    """A file larger than MAX_FILE_BYTES is refused before it is read, with the limit in the message."""
    from tpmfolio.tailor import posting as posting_module

    monkeypatch.setattr(posting_module, "MAX_FILE_BYTES", 1_000_000)
    path = tmp_path / "job.txt"
    path.write_text("Own the roadmap\n" * 70_000, encoding="utf-8")
    with pytest.raises(PostingError, match=r"too big .* limit is 1 MB"):
        read_posting(path)


def test_windows_1252_text_is_read():
    """A paste saved in Windows-1252 (curly quotes as single bytes) is text, not binary."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "job.txt"
        path.write_bytes("Responsibilities:\n- Own the team\u2019s roadmap\n".encode("cp1252"))
        assert texts(read_posting(path)) == ["Own the team\u2019s roadmap"]


def test_term_counter_counts_the_wanted_stems():
    """term_counter gives, for each wanted stem, how many of the text's words have it."""
    from collections import Counter

    from tpmfolio.tailor.text import term_counter

    texts = ["Led R&D onboarding — café roll-outs; onboarded 3 teams", "Customer's interviews: customers interviewed!", ""]
    wanted = {"onboard", "custom", "interview", "caf"}
    count = term_counter(wanted)
    for text in texts:
        expected = Counter(s for s in stems(text) if s in wanted)
        assert dict(expected) == count(text)


def test_items_that_lost_their_line_breaks_are_split_again():
    """A long paste whose items ran together ("…on mobileDefine, prioritize…") is read item by item."""
    text = (
        "Principal Product Manager - Checkouts\n"
        "We are seeking a product manager to improve conversion.ResponsibilitiesOwn the checkout funnel from cart "
        "entry through order confirmation, on desktop and mobileDefine and execute a continuous A/B testing roadmap "
        "on the checkoutDiagnose checkout drop-off by device and payment methodSkills5+ years of product management "
        "with direct ownership of a consumer-facing checkout funnel\n"
    )
    posting = read_posting(text)
    assert texts(posting)[-4:] == [
        "Own the checkout funnel from cart entry through order confirmation, on desktop and mobile",
        "Define and execute a continuous A/B testing roadmap on the checkout",
        "Diagnose checkout drop-off by device and payment method",
        "5+ years of product management with direct ownership of a consumer-facing checkout funnel",
    ]
    assert [r.section for r in posting.requirements][-4:] == ["responsibility"] * 3 + ["qualification"]


def test_a_product_name_in_an_ordinary_line_is_not_split():
    """"JavaScript" or "PayPal" in a normal-length line stays one word."""
    posting = read_posting("Requirements:\n- Strong JavaScript and PayPal integration experience\n")
    assert texts(posting) == ["Strong JavaScript and PayPal integration experience"]


def test_json_ld_past_the_limits_is_skipped_and_the_page_text_read():
    """A page whose JSON-LD is nested 100,000 deep is read from its visible text, quickly, without a traceback."""
    deep = "[" * 100_000 + "]" * 100_000
    html = f'<html><head><script type="application/ld+json">{deep}</script></head><body><ul><li>Own the roadmap</li></ul></body></html>'
    assert texts(read_posting(html)) == ["Own the roadmap"]
