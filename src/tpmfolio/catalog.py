"""The built-in catalog from the career guide tpmfolio was born from.

Seven transferable engineering skills, six business skills engineers tend to
lack, the KPIs a TPM is judged on (business impact) next to the ones an
engineer is used to (delivery), and the five-step transition plan. The slugs
are stable: outside checks and saved files refer to them.
"""

from __future__ import annotations

import attrs

from .models import ENTRY_KINDS, Entry, Kpi, Skill

BUILTIN_SKILLS: tuple[Skill, ...] = (
    Skill(
        "technical-acumen",
        "Technical acumen",
        "engineering",
        "Understands systems deeply enough to weigh technical trade-offs with engineers.",
        ("technical", "architecture", "system design", "api", "platform", "infrastructure",
         "scalability", "technical feasibility", "engineering", "software", "cloud", "integration"),
    ),
    Skill(
        "problem-solving",
        "Problem-solving",
        "engineering",
        "Breaks ambiguous problems down and finds the root cause.",
        ("problem solving", "root cause", "troubleshoot", "debug", "analytical", "ambiguity",
         "complex problems", "trade-offs", "solutions", "investigate", "solve"),
    ),
    Skill(
        "team-leadership",
        "Team leadership",
        "engineering",
        "Leads and influences people, including those who do not report to you.",
        ("leadership", "lead", "cross-functional", "stakeholders", "influence", "manage teams",
         "mentoring", "hiring", "coaching", "alignment", "collaborate", "collaboration"),
    ),
    Skill(
        "attention-to-detail",
        "Attention to detail",
        "engineering",
        "Catches what others miss in specifications, data and quality.",
        ("detail", "quality", "accuracy", "precision", "testing", "review", "specifications",
         "requirements", "thorough", "qa"),
    ),
    Skill(
        "process-orientation",
        "Process orientation (Agile/Scrum)",
        "engineering",
        "Runs delivery with Agile and Scrum practices and improves the process.",
        ("agile", "scrum", "kanban", "sprint", "backlog", "process", "ceremonies", "jira",
         "retrospective", "delivery process", "release", "sdlc"),
    ),
    Skill(
        "communication",
        "Communication",
        "engineering",
        "Explains technical matters to any audience, in writing and in person.",
        ("communication", "communicate", "present", "presentation", "written", "documentation",
         "storytelling", "executive", "articulate", "translate technical", "updates"),
    ),
    Skill(
        "time-management",
        "Time management",
        "engineering",
        "Prioritises and meets deadlines under competing demands.",
        ("time management", "prioritize", "prioritise", "prioritization", "deadlines",
         "multiple priorities", "fast-paced", "multitask", "schedule", "on time"),
    ),
    Skill(
        "business-acumen",
        "Business acumen",
        "business",
        "Knows how the business makes money and what moves its numbers.",
        ("business", "p&l", "revenue", "pricing", "roi", "unit economics", "commercial",
         "financial", "business case", "monetization", "kpis", "metrics", "experiment",
         "a/b test"),
    ),
    Skill(
        "customer-focus",
        "Customer focus",
        "business",
        "Starts from customer problems; uses research and feedback to decide.",
        ("customer", "customers", "user research", "customer research", "user needs", "ux",
         "user experience", "feedback", "interviews", "personas", "customer journey", "empathy",
         "adoption", "satisfaction", "users"),
    ),
    Skill(
        "strategic-planning",
        "Strategic planning",
        "business",
        "Sets direction: vision, roadmaps and the trade-offs between bets.",
        ("strategy", "strategic", "roadmap", "vision", "long-term", "planning", "okrs",
         "objectives", "prioritization framework", "product direction"),
    ),
    Skill(
        "market-analysis",
        "Market analysis",
        "business",
        "Reads the market: competitors, segments, sizing and trends.",
        ("market share", "market size", "competitive", "competitor", "market research", "trends", "segmentation",
         "sizing", "tam", "industry", "benchmarking", "landscape"),
    ),
    Skill(
        "business-strategy",
        "Business strategy",
        "business",
        "Connects product bets to the company's goals and go-to-market.",
        ("business strategy", "go-to-market", "gtm", "growth", "positioning", "partnerships",
         "business model", "product strategy", "launch", "value proposition"),
    ),
    Skill(
        "project-management",
        "Project management",
        "business",
        "Plans, tracks and lands programmes across teams: scope, risks, dependencies.",
        ("project management", "program management", "programme", "timeline", "milestones",
         "dependencies", "risk", "risks", "scope", "budget", "execution", "deliver", "coordination",
         "tracking", "status"),
    ),
)

BUILTIN_KPIS: tuple[Kpi, ...] = (
    Kpi("roi", "Return on investment", "business-impact", "%", "up"),
    Kpi("revenue", "Revenue", "business-impact", "$", "up"),
    Kpi("cost-savings", "Cost saved", "business-impact", "$", "up"),
    Kpi("adoption-rate", "Customer adoption rate", "business-impact", "%", "up"),
    Kpi("feature-usage", "Feature usage", "business-impact", "users", "up"),
    Kpi("retention", "Retention", "business-impact", "%", "up"),
    Kpi("customer-satisfaction", "Customer satisfaction", "business-impact", "score", "up"),
    Kpi("code-quality", "Code quality", "engineering", "%", "up"),
    Kpi("on-time-delivery", "On-time delivery", "engineering", "%", "up"),
    Kpi("defect-rate", "Defect rate", "engineering", "%", "down"),
    Kpi("cycle-time", "Cycle time", "engineering", "days", "down"),
)

BUSINESS_SKILLS = tuple(s.slug for s in BUILTIN_SKILLS if s.category == "business")
ENGINEERING_SKILLS = tuple(s.slug for s in BUILTIN_SKILLS if s.category == "engineering")


@attrs.frozen
class PlanStep:
    """One step of the five-step transition plan and the entries that feed it."""

    number: int
    slug: str
    name: str
    kinds: tuple[str, ...]
    description: str
    needs_business_kpi: tuple[str, ...] = ()

    def counts(self, entry: Entry, business_kpis: frozenset[str]) -> bool:
        """Does this entry count as progress on the step?

        Step 4 counts a ``project`` only when it moved a business KPI: that is
        what makes a project TPM evidence rather than engineering delivery.
        """
        if entry.kind in self.kinds:
            return True
        if entry.kind in self.needs_business_kpi:
            return any(k.kpi in business_kpis for k in entry.kpis)
        return False


PLAN_STEPS: tuple[PlanStep, ...] = (
    PlanStep(1, "acquire-business-skills", "Acquire business skills", ("course", "certification"),
             "Courses and certifications in business, product and market topics."),
    PlanStep(2, "get-hands-on", "Get hands-on experience", ("cross-functional", "volunteer"),
             "Cross-functional projects and volunteering for product work."),
    PlanStep(3, "build-mentorship-network", "Build a mentorship network", ("mentorship",),
             "Mentors and peers who already work as TPMs."),
    PlanStep(4, "develop-tpm-portfolio", "Develop a TPM portfolio", ("tpm-task",),
             "TPM tasks, and projects with business KPIs.", needs_business_kpi=("project",)),
    PlanStep(5, "communicate-aspirations", "Communicate your aspirations", ("conversation",),
             "Conversations with your manager and leadership about the move."),
)

__all__ = [
    "BUILTIN_KPIS",
    "BUILTIN_SKILLS",
    "BUSINESS_SKILLS",
    "ENGINEERING_SKILLS",
    "ENTRY_KINDS",
    "PLAN_STEPS",
    "PlanStep",
]
