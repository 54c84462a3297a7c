"""Build ``src/tpmfolio/tailor/background.tsv.gz``: how common each word stem is in English.

Ranking weighs a word the posting and an entry share by how rare it is in
English at large, so "idempotency" counts for much more than "week". The
counts come from SymSpell's English frequency dictionary
(``frequency_dictionary_en_82_765.txt``, shipped in the ``symspellpy``
package), itself the intersection of the Google Books Ngram counts
(Creative Commons Attribution 3.0) and SCOWL (MIT-like). Only the derived
numbers are kept: for each Porter stem, ``log10(total / count)`` in tenths,
for stems more common than one in ten million words; rarer stems get the
cap at run time.

    pip download --no-deps symspellpy && unzip -o symspellpy-*.whl 'symspellpy/*.txt'
    python scripts/build_background.py symspellpy/frequency_dictionary_en_82_765.txt
"""

from __future__ import annotations

import gzip
import math
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from tpmfolio.tailor.text import BACKGROUND_CAP, stem  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "tpmfolio" / "tailor" / "background.tsv.gz"


def main(source: str) -> None:
    counts: Counter[str] = Counter()
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        if word.isalpha() and count.isdigit():
            counts[stem(word.lower())] += int(count)
    total = sum(counts.values())
    rows = []
    for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        info = math.log10(total / count)
        if info < BACKGROUND_CAP:
            rows.append(f"{key}\t{round(info * 10)}")
    header = (
        "# Porter stem, then log10(total/count) in tenths: how common the stem is in English.\n"
        "# Derived from SymSpell's frequency_dictionary_en_82_765 (Google Books Ngram, CC BY 3.0; SCOWL).\n"
    )
    # mtime=0: the same input gives the same bytes, so rebuilding changes nothing in git.
    OUT.write_bytes(gzip.compress((header + "\n".join(rows) + "\n").encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUT}: {len(rows)} stems of {len(counts)}")


if __name__ == "__main__":
    main(sys.argv[1])
