"""tpmfolio: evidence of your work, its gaps, and a PDF portfolio for TPM roles.

>>> from tpmfolio import Portfolio, Entry
>>> with Portfolio.open("portfolio.db") as folio:            # doctest: +SKIP
...     folio.add(Entry(title="Checkout redesign", skills=["customer-focus:3"]))
"""

from .errors import (
    DatabaseError,
    EntryNotFound,
    ImportProblems,
    InvalidValue,
    PostingError,
    RenderError,
    TpmfolioError,
    TpmfolioWarning,
    UnknownSlug,
)
from .models import (
    Entry,
    Kpi,
    KpiResult,
    Link,
    Measurement,
    Profile,
    Skill,
    SkillEvidence,
    Testimonial,
)
from .portfolio import Portfolio
from .quantities import Quantity


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~50 ms at start-up; only pay it when asked.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("tpmfolio")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0.0.0"
    raise AttributeError(f"module 'tpmfolio' has no attribute {name!r}")

__all__ = [
    "DatabaseError",
    "Entry",
    "EntryNotFound",
    "ImportProblems",
    "InvalidValue",
    "Kpi",
    "KpiResult",
    "Link",
    "Measurement",
    "Portfolio",
    "PostingError",
    "Profile",
    "Quantity",
    "RenderError",
    "Skill",
    "SkillEvidence",
    "Testimonial",
    "TpmfolioError",
    "TpmfolioWarning",
    "UnknownSlug",
    "__version__",
]
