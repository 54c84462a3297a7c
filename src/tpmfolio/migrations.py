"""Schema steps, applied in order by ``sqlite_utils.Migrations``.

A released step is never edited: a change to the schema is a new function
at the bottom. Tables stay plain (one row per thing, text you can read) so
the file is useful in Datasette and the ``sqlite-utils`` CLI too.

Each step carries its data as literals and imports nothing from the live
code: a migration must write the same rows in every release, whatever
:mod:`tpmfolio.catalog` says today. A change to the built-in catalog
(``catalog.py``) therefore comes with a new step that brings existing files
up to it; ``tests/test_migrations.py`` fails until it does.
"""

from __future__ import annotations

import json

from sqlite_utils import Database, Migrations

migrations = Migrations("tpmfolio")

# The built-in catalog as the first release shipped it.
# Skills: (slug, name, category, description, keywords).
_M001_SKILLS = (
    ("technical-acumen", "Technical acumen", "engineering",
     "Understands systems deeply enough to weigh technical trade-offs with engineers.",
     ("technical", "architecture", "system design", "api", "platform", "infrastructure", "scalability",
      "technical feasibility", "engineering", "software", "cloud", "integration")),
    ("problem-solving", "Problem-solving", "engineering",
     "Breaks ambiguous problems down and finds the root cause.",
     ("problem solving", "root cause", "troubleshoot", "debug", "analytical", "ambiguity",
      "complex problems", "trade-offs", "solutions", "investigate")),
    ("team-leadership", "Team leadership", "engineering",
     "Leads and influences people, including those who do not report to you.",
     ("leadership", "lead", "cross-functional", "stakeholders", "influence", "manage teams", "mentoring",
      "hiring", "coaching", "alignment", "collaborate", "collaboration")),
    ("attention-to-detail", "Attention to detail", "engineering",
     "Catches what others miss in specifications, data and quality.",
     ("detail", "quality", "accuracy", "precision", "testing", "review", "specifications",
      "requirements", "thorough", "qa")),
    ("process-orientation", "Process orientation (Agile/Scrum)", "engineering",
     "Runs delivery with Agile and Scrum practices and improves the process.",
     ("agile", "scrum", "kanban", "sprint", "backlog", "process", "ceremonies", "jira", "retrospective",
      "delivery process", "release", "sdlc")),
    ("communication", "Communication", "engineering",
     "Explains technical matters to any audience, in writing and in person.",
     ("communication", "communicate", "present", "presentation", "written", "documentation",
      "storytelling", "executive", "articulate", "translate technical", "updates")),
    ("time-management", "Time management", "engineering",
     "Prioritises and meets deadlines under competing demands.",
     ("time management", "prioritize", "prioritise", "prioritization", "deadlines",
      "multiple priorities", "fast-paced", "multitask", "schedule", "on time")),
    ("business-acumen", "Business acumen", "business",
     "Knows how the business makes money and what moves its numbers.",
     ("business", "p&l", "revenue", "pricing", "roi", "unit economics", "commercial", "financial",
      "business case", "monetization", "kpis", "metrics")),
    ("customer-focus", "Customer focus", "business",
     "Starts from customer problems; uses research and feedback to decide.",
     ("customer", "customers", "user research", "customer research", "user needs", "ux",
      "user experience", "feedback", "interviews", "personas", "customer journey", "empathy", "adoption",
      "satisfaction", "users")),
    ("strategic-planning", "Strategic planning", "business",
     "Sets direction: vision, roadmaps and the trade-offs between bets.",
     ("strategy", "strategic", "roadmap", "vision", "long-term", "planning", "okrs", "objectives",
      "prioritization framework", "product direction")),
    ("market-analysis", "Market analysis", "business",
     "Reads the market: competitors, segments, sizing and trends.",
     ("market", "competitive", "competitor", "market research", "trends", "segmentation", "sizing",
      "tam", "industry", "benchmarking", "landscape")),
    ("business-strategy", "Business strategy", "business",
     "Connects product bets to the company's goals and go-to-market.",
     ("business strategy", "go-to-market", "gtm", "growth", "positioning", "partnerships",
      "business model", "product strategy", "launch", "value proposition")),
    ("project-management", "Project management", "business",
     "Plans, tracks and lands programmes across teams: scope, risks, dependencies.",
     ("project management", "program management", "programme", "timeline", "milestones", "dependencies",
      "risk", "risks", "scope", "budget", "execution", "deliver", "coordination", "tracking", "status")),
)
# KPIs: (slug, name, category, unit, direction).
_M001_KPIS = (
    ("roi", "Return on investment", "business-impact", "%", "up"),
    ("revenue", "Revenue", "business-impact", "$", "up"),
    ("cost-savings", "Cost saved", "business-impact", "$", "up"),
    ("adoption-rate", "Customer adoption rate", "business-impact", "%", "up"),
    ("feature-usage", "Feature usage", "business-impact", "users", "up"),
    ("retention", "Retention", "business-impact", "%", "up"),
    ("customer-satisfaction", "Customer satisfaction", "business-impact", "score", "up"),
    ("code-quality", "Code quality", "engineering", "%", "up"),
    ("on-time-delivery", "On-time delivery", "engineering", "%", "up"),
    ("defect-rate", "Defect rate", "engineering", "%", "down"),
    ("cycle-time", "Cycle time", "engineering", "days", "down"),
)



# Views for Datasette and the sqlite-utils CLI: one readable row per entry,
# and the coverage of each skill, without writing joins by hand.
OVERVIEW_VIEWS = """
CREATE VIEW entry_overview AS
SELECT
    e.id,
    e.title,
    e.kind,
    e.started,
    e.ended,
    e.organization,
    e.role,
    (SELECT group_concat(skill || ':' || level, ', ')
       FROM (SELECT skill, level FROM entry_skills WHERE entry_id = e.id ORDER BY position)) AS skills,
    (SELECT group_concat(kpi || '=' || actual
                         || coalesce(' baseline=' || baseline, '')
                         || coalesce(' target=' || target, ''), '; ')
       FROM (SELECT * FROM kpi_results WHERE entry_id = e.id ORDER BY position)) AS kpis,
    (SELECT group_concat(tag, ', ')
       FROM (SELECT tag FROM tags WHERE entry_id = e.id ORDER BY position)) AS tags,
    e.confidential,
    e.summary,
    e.uid
FROM entries e;
CREATE VIEW skill_coverage AS
SELECT
    s.slug,
    s.name,
    s.category,
    count(es.entry_id) AS entries,
    coalesce(max(es.level), 0) AS max_level
FROM skills s LEFT JOIN entry_skills es ON es.skill = s.slug
WHERE s.hidden = 0
GROUP BY s.slug
ORDER BY s.category DESC, s.rowid;
"""


@migrations()
def m001_initial_schema(db: Database) -> None:
    # sqlite-utils 4 runs a script statement by statement inside the open
    # transaction, so a failed step leaves no half-made schema behind.
    db.executescript(
        """
        CREATE TABLE skills (
            slug TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT 'other',
            description TEXT NOT NULL DEFAULT '',
            keywords_json TEXT NOT NULL DEFAULT '[]',
            builtin INTEGER NOT NULL DEFAULT 0,
            hidden INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE kpis (
            slug TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT 'business-impact',
            unit TEXT NOT NULL DEFAULT '',
            direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
            builtin INTEGER NOT NULL DEFAULT 0,
            hidden INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL CHECK (title <> ''),
            kind TEXT NOT NULL,
            started TEXT,
            ended TEXT,
            organization TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            situation TEXT NOT NULL DEFAULT '',
            task TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL DEFAULT '',
            result TEXT NOT NULL DEFAULT '',
            confidential INTEGER NOT NULL DEFAULT 0,
            sort_key TEXT NOT NULL DEFAULT '',
            start_key TEXT NOT NULL DEFAULT '',
            created TEXT,
            updated TEXT
        );
        CREATE INDEX entries_by_date ON entries (sort_key DESC, id DESC);
        CREATE INDEX entries_by_kind ON entries (kind);
        CREATE TABLE entry_skills (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            skill TEXT NOT NULL REFERENCES skills (slug),
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
            note TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entry_id, skill)
        );
        CREATE INDEX entry_skills_by_skill ON entry_skills (skill, entry_id);
        CREATE TABLE kpi_results (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            kpi TEXT NOT NULL REFERENCES kpis (slug),
            position INTEGER NOT NULL DEFAULT 0,
            actual TEXT NOT NULL,
            actual_number REAL,
            baseline TEXT,
            target TEXT,
            as_of TEXT,
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (entry_id, kpi)
        );
        CREATE INDEX kpi_results_by_kpi ON kpi_results (kpi, entry_id);
        CREATE TABLE measurements (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            kpi TEXT NOT NULL REFERENCES kpis (slug),
            date TEXT NOT NULL,
            value TEXT NOT NULL,
            value_number REAL
        );
        CREATE INDEX measurements_by_entry ON measurements (entry_id, kpi, date);
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            url TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX links_by_entry ON links (entry_id);
        CREATE TABLE testimonials (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            quote TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            author_role TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX testimonials_by_entry ON testimonials (entry_id);
        CREATE TABLE tags (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entry_id, tag)
        );
        CREATE INDEX tags_by_tag ON tags (tag, entry_id);
        CREATE TABLE profile (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL DEFAULT '',
            headline TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            target_role TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO profile (id) VALUES (1);
        CREATE TABLE applications (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            posting_title TEXT NOT NULL DEFAULT '',
            company TEXT NOT NULL DEFAULT '',
            posting_source TEXT NOT NULL DEFAULT '',
            output TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            theme TEXT NOT NULL DEFAULT '',
            entry_uids_json TEXT NOT NULL DEFAULT '[]'
        );
        """
    )
    for slug, name, category, description, keywords in _M001_SKILLS:
        db.execute(
            "INSERT INTO skills (slug, name, category, description, keywords_json, builtin)"
            " VALUES (?, ?, ?, ?, ?, 1)",
            [slug, name, category, description, json.dumps(list(keywords))],
        )
    for slug, name, category, unit, direction in _M001_KPIS:
        db.execute(
            "INSERT INTO kpis (slug, name, category, unit, direction, builtin) VALUES (?, ?, ?, ?, ?, 1)",
            [slug, name, category, unit, direction],
        )
    db.executescript(OVERVIEW_VIEWS)
    db.table("entries").enable_fts(
        ["title", "summary", "situation", "task", "action", "result"], fts_version="FTS5", create_triggers=True, tokenize="porter unicode61 remove_diacritics 2"
    )


@migrations()
def m002_decisions_and_lessons(db: Database) -> None:
    """Two optional texts of a TPM case study beyond STAR, searched like the rest.

    The full-text index is rebuilt (from the rows themselves) to cover them;
    its column list is written out here, as a migration never follows code
    that keeps changing.
    """
    entries = db.table("entries")
    entries.add_column("decisions", str, not_null_default="")
    entries.add_column("lessons", str, not_null_default="")
    entries.disable_fts()
    entries.enable_fts(
        ["title", "summary", "situation", "task", "action", "result", "decisions", "lessons"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="porter unicode61 remove_diacritics 2",
    )


# (slug, keywords as the first step left them, keywords now). Sharper
# market words ("market" alone matched every posting), "solve" for
# problem-solving, and experimentation for business acumen.
_M003_KEYWORDS = (
    ("problem-solving",
     ("problem solving", "root cause", "troubleshoot", "debug", "analytical", "ambiguity", "complex problems",
      "trade-offs", "solutions", "investigate"),
     ("problem solving", "root cause", "troubleshoot", "debug", "analytical", "ambiguity", "complex problems",
      "trade-offs", "solutions", "investigate", "solve")),
    ("business-acumen",
     ("business", "p&l", "revenue", "pricing", "roi", "unit economics", "commercial", "financial",
      "business case", "monetization", "kpis", "metrics"),
     ("business", "p&l", "revenue", "pricing", "roi", "unit economics", "commercial", "financial",
      "business case", "monetization", "kpis", "metrics", "experiment", "a/b test")),
    ("market-analysis",
     ("market", "competitive", "competitor", "market research", "trends", "segmentation", "sizing", "tam",
      "industry", "benchmarking", "landscape"),
     ("market share", "market size", "competitive", "competitor", "market research", "trends", "segmentation",
      "sizing", "tam", "industry", "benchmarking", "landscape")),
)


@migrations()
def m003_builtin_keywords_2026_11(db: Database) -> None:
    """Bring built-in skills' keywords up to the catalog of November 2026.

    Only a keyword list still exactly as tpmfolio shipped it is replaced: a
    list the person changed (through an import, say) is theirs and stays.
    Names, descriptions and hidden flags are never touched here, so a renamed
    or hidden built-in skill keeps its name and stays hidden, and gets the
    new keywords.
    """
    for slug, shipped, current in _M003_KEYWORDS:
        row = db.execute("SELECT keywords_json FROM skills WHERE slug = ? AND builtin = 1", [slug]).fetchone()
        if row is not None and _json_or_none(row[0]) == list(shipped):
            db.execute("UPDATE skills SET keywords_json = ? WHERE slug = ?", [json.dumps(list(current)), slug])


def _json_or_none(text: str) -> object:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


@migrations()
def m004_translations(db: Database) -> None:
    """The person's own text in other languages, and the portfolio's language.

    One row per translated field (``entry_id, lang, field, text``) rather
    than a JSON column: in Datasette or ``sqlite-utils`` a person can filter
    by language, see which fields are translated and read each text as
    text, and a deleted entry takes its translations with it. The profile's
    translations are a table of their own, as the profile is one row.
    """
    db.executescript(
        """
        CREATE TABLE entry_translations (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            lang TEXT NOT NULL,
            field TEXT NOT NULL,
            text TEXT NOT NULL CHECK (text <> ''),
            PRIMARY KEY (entry_id, lang, field)
        );
        CREATE INDEX entry_translations_by_lang ON entry_translations (lang, entry_id);
        CREATE TABLE profile_translations (
            lang TEXT NOT NULL,
            field TEXT NOT NULL,
            text TEXT NOT NULL CHECK (text <> ''),
            PRIMARY KEY (lang, field)
        );
        """
    )
    db.table("profile").add_column("lang", str, not_null_default="")
