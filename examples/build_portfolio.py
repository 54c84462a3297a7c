"""Build a small TPM portfolio through the Python API and render it as a PDF.

    python examples/build_portfolio.py                      # writes build/example.pdf
    python examples/build_portfolio.py out.pdf --db my.db   # keep the database too

Without --db the portfolio lives in a temporary folder that is deleted at the
end. With --db, running the script again updates the same entries (they have
fixed uids) instead of adding copies.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

import attrs

from tpmfolio import Entry, KpiResult, Measurement, Portfolio, Profile, Testimonial
from tpmfolio.errors import EntryNotFound, TpmfolioError

PROFILE = Profile(
    name="Dana Whitfield",
    headline="Engineering Manager, Shipping Platform → Technical Product Manager",
    email="dana.whitfield@example.com",
    location="Denver, CO",
    target_role="Technical Product Manager",
    summary=(
        "Engineering manager with nine years in logistics software, moving from "
        "shipping on time to shipping what moves the business."
    ),
)

ENTRIES = [
    Entry(
        uid="example-shipment-tracking",
        title="Self-serve shipment tracking for SMB customers",
        kind="tpm-task",
        started="2024-06",
        ended="2025-01",
        organization="Northwind Freight",
        role="Acting product owner",
        situation="Small shippers phoned support to ask where their parcels were.",
        task="Let customers answer that themselves, without a new team.",
        action="Interviewed 12 customers, wrote the PRD, and ran the launch with Support and Marketing.",
        result="Two thirds of small shippers use tracking every week; 'where is my parcel' calls fell by half.",
        skills=["customer-focus:3", "strategic-planning:2", "communication:2"],
        kpis=[
            KpiResult.parse("adoption-rate=64% baseline=0% target=50%"),
            KpiResult(kpi="customer-satisfaction", actual="4.5", baseline="3.9", target="4.3"),
        ],
        measurements=[
            Measurement(kpi="adoption-rate", date="2024-09", value="21%"),
            Measurement(kpi="adoption-rate", date="2024-11", value="43%"),
            Measurement(kpi="adoption-rate", date="2025-01", value="64%"),
        ],
        testimonials=[
            Testimonial(
                quote="Dana ran this like a product manager: customers first, numbers every week.",
                author="Morgan Reyes",
                author_role="Head of Customer Support",
            )
        ],
        tags=["launch"],
    ),
    Entry(
        uid="example-invoice-reconciliation",
        title="Carrier invoice reconciliation with Finance",
        kind="cross-functional",
        started="2024-03",
        ended="2024-08",
        organization="Northwind Freight",
        role="Engineering manager",
        summary="Automated matching of carrier invoices to shipments with the Finance team.",
        result="Overbilling caught before payment; month-end close two days shorter.",
        skills=["business-acumen:3", "team-leadership:2"],
        kpis=[KpiResult.parse("cost-savings=$310k target=$250k")],
    ),
    Entry(
        uid="example-strategy-course",
        title="Product strategy cohort course",
        kind="course",
        started="2023-09",
        ended="2023-11",
        skills=["business-strategy:1", "market-analysis:1"],
        result="Final project: a market sizing for same-day delivery in three cities.",
    ),
    Entry(
        uid="example-event-driven-payments",
        title="Moving the payments service to an event-driven design",
        kind="project",
        started="2022-10",
        ended="2023-06",
        organization="Northwind Freight",
        role="Engineering manager",
        skills=["technical-acumen:3", "attention-to-detail:2"],
        kpis=[KpiResult.parse("defect-rate=0.6% baseline=2.1% target=1%")],
    ),
]


def save(folio: Portfolio, entry: Entry) -> int:
    """Add the entry, or update it in place when its uid is already there."""
    try:
        current = folio.get(entry.uid)
    except EntryNotFound:
        return folio.add(entry)
    return folio.update(attrs.evolve(entry, id=current.id)).id  # type: ignore[return-value]


def build(folio: Portfolio, output: Path) -> None:
    folio.set_profile(PROFILE)
    for entry in ENTRIES:
        save(folio, entry)

    report = folio.gaps(today=dt.date.today())
    print(f"{report.total_entries} entries in {folio.path}")
    print(f"Business impact: {report.business_impact_share:.0%} of KPI results")
    print("No evidence yet:", ", ".join(report.missing_skills) or "none")
    print("Weak evidence:", ", ".join(report.weak_skills) or "none")
    for step in report.plan:
        mark = "✓" if step.done else "·"
        print(f"  {mark} {step.step}. {step.name} ({step.entries})")

    info = folio.render_pdf(output)
    print(f"Wrote {info.path} ({info.pages} pages)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="build/example.pdf", type=Path, help="the PDF to write")
    parser.add_argument("--db", type=Path, help="keep the portfolio in this file (default: a temporary one)")
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    try:
        if args.db is not None:
            with Portfolio.open(args.db) as folio:
                build(folio, args.output)
        else:
            with tempfile.TemporaryDirectory() as folder:
                with Portfolio.open(Path(folder) / "portfolio.db") as folio:
                    build(folio, args.output)
    except TpmfolioError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
