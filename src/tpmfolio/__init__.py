"""tpmfolio: evidence of your work, its gaps, and a PDF portfolio for TPM roles.

>>> from tpmfolio import Portfolio, Entry
>>> with Portfolio.open("portfolio.db") as folio:            # doctest: +SKIP
...     folio.add(Entry(title="Checkout redesign", skills=["customer-focus:3"]))
"""

from importlib.metadata import PackageNotFoundError, version

from .errors import (
    DatabaseError,
    EntryNotFound,
    ImportProblems,
    InvalidValue,
    PostingError,
    RenderError,
    TpmfolioError,
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

try:
    __version__ = version("tpmfolio")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

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
    "UnknownSlug",
    "__version__",
]
