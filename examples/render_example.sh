#!/usr/bin/env bash
# Regenerate examples/portfolio.pdf and the README's pictures of its first two
# pages from the bundled example (src/tpmfolio/demo/portfolio.yaml).
#
# Run from anywhere, with tpmfolio importable: an active virtual environment,
# or TPMFOLIO_PYTHON=/path/to/python. `tpmfolio demo` loads the example into a
# temporary database, so your own portfolio is never read or changed.
#
#   bash examples/render_example.sh
#
# Needs pdftoppm (Debian/Ubuntu: apt-get install poppler-utils).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

# Prefer an explicit interpreter, then the project's venv, then whatever
# python is first on PATH (an activated venv puts its own there).
python="${TPMFOLIO_PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -z "${VIRTUAL_ENV:-}" && -x "$root/.venv/bin/python" ]]; then
    python="$root/.venv/bin/python"
  else
    python="python"
  fi
fi

if ! command -v pdftoppm >/dev/null 2>&1; then
  echo "render_example.sh: pdftoppm not found; install poppler-utils" >&2
  exit 1
fi

cd "$root"
"$python" -m tpmfolio demo -o examples/portfolio.pdf

# pdftoppm names its pages after the last page number's width
# (portfolio-page-01.png when the PDF has 10 or more pages); render each page
# separately with -singlefile so the names are stable.
for page in 1 2; do
  pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile examples/portfolio.pdf "examples/portfolio-page-$page"
done
echo "Wrote examples/portfolio-page-1.png and examples/portfolio-page-2.png"
