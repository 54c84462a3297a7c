"""``tpmfolio translate``: the person's own text of an entry or the profile in another language.

With field options the given fields are set; without, ``$EDITOR`` opens on
a form with each field's original beside it, and a mistake there is shown
and kept as a draft, as ``edit`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import InvalidValue
from ..languages import language_of
from ..models import ENTRY_TRANSLATED, PROFILE_TRANSLATED, Entry, Profile
from .editing import edit_until_stored, from_draft_option
from .options import entry_ref, open_portfolio

PROFILE = "profile"
# Every field either can translate, in the models' order: the options of the command.
FIELDS = tuple(dict.fromkeys((*ENTRY_TRANSLATED, *PROFILE_TRANSLATED)))
_HELP = {
    "title": "The entry's title.",
    "summary": "The summary (of the entry, or of the profile).",
    "situation": "STAR: the context.",
    "task": "STAR: what you had to achieve.",
    "action": "STAR: what you did.",
    "result": "STAR: what came of it.",
    "decisions": "The trade-offs you made, and why.",
    "lessons": "What you learnt.",
    "headline": "The profile's headline.",
    "target_role": "The profile's target role.",
}


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _field_options(command: Any) -> Any:
    for name in reversed(FIELDS):
        command = click.option(_option(name), name, default=None, metavar="TEXT", help=_HELP[name])(command)
    return command


@click.command()
@click.argument("target", metavar="ID|profile")
@click.argument("lang", metavar="LANG")
@_field_options
@from_draft_option("Start the editor from a draft kept by an earlier translate instead of the stored translation.")
def translate(target: str, lang: str, from_draft: Path | None, **given: str | None) -> None:
    """Keep an entry's text (or the profile's) in another language: de, fr, es or en.

    A render or JSON Resume in that language uses each translated field and
    the original for the others. Without field options, $EDITOR opens on a
    form with each field's original above it; a field left empty there is
    not translated. Until the form is stored it is kept as a draft, and
    'translate ID LANG --from-draft FILE' takes it back.

    \b
    Examples:
      tpmfolio translate 4 de --title "Abgleich der Frachtrechnungen"
      tpmfolio translate profile fr --headline "Cheffe de produit technique"
      tpmfolio translate 4 de          # fill in the form in $EDITOR
    """
    code = language_of(lang)  # an unsupported language is refused before the file is opened
    fields: dict[str, Any] = {name: text for name, text in given.items() if text is not None}
    is_profile = target.strip().lower() == PROFILE
    allowed = PROFILE_TRANSLATED if is_profile else ENTRY_TRANSLATED
    wrong = [name for name in fields if name not in allowed]
    if wrong:
        owner = "the profile" if is_profile else "an entry"
        raise InvalidValue(
            f"{_option(wrong[0])} is not a field of {owner}; give {', '.join(_option(n) for n in allowed)}"
        )
    if fields and from_draft is not None:
        raise click.UsageError("--from-draft takes the translation from the draft; give no field options with it")
    ref: int | str = PROFILE if is_profile else entry_ref(target)
    with open_portfolio(create=False) as folio:
        if fields:
            stored = folio.translate(ref, code, **fields)
            _report(stored, code, list(fields))
            return
        current: Entry | Profile = folio.profile() if is_profile else folio.get(ref)
        stored_or_none = _translate_in_editor(folio, ref, current, code, from_draft)
    if stored_or_none is None:
        click.echo("No changes; the translation is as it was.", err=True)
    else:
        _report(stored_or_none, code, list(stored_or_none.translations.fields(code)))


def _translate_in_editor(
    folio: Any, ref: int | str, current: Entry | Profile, code: str, from_draft: Path | None
) -> Entry | Profile | None:
    """The form in $EDITOR until it is stored (as ``edit`` does); None when nothing changed."""
    from ..drafts import read_draft
    from ..interchange.translation_form import read_translation_form, translation_form

    resumed = (from_draft, read_draft(from_draft)) if from_draft is not None else None
    heading = "Your profile" if isinstance(current, Profile) else f"Entry {current.id} ({current.title})"
    before = translation_form(current, code, heading)
    as_stored = dict(current.translations.fields(code))

    def store(text: str) -> Entry | Profile | None:
        fields: dict[str, Any] = read_translation_form(text, type(current))
        if {k: v for k, v in fields.items() if v.strip()} == as_stored:
            return None
        stored: Entry | Profile = folio.translate(ref, code, replace=True, **fields)
        return stored

    target = PROFILE if isinstance(current, Profile) else str(current.id)
    return edit_until_stored(
        before, store, draft_name=f"translate-{target}-{code}", take_back=f"tpmfolio translate {target} {code}", resumed=resumed
    )


def _report(stored: Entry | Profile, code: str, fields: list[str]) -> None:
    what = "Profile" if isinstance(stored, Profile) else f"Entry {stored.id}"
    names = ", ".join(name.replace("_", "-") for name in fields) or "nothing"
    click.echo(f"{what} in {code}: {names}")


def untranslated_text(code: str, missing: list[int | str]) -> str:
    """What ``gaps --lang`` prints: the ids with nothing in ``code`` yet, and how to add it."""
    from ..interchange.translation_form import LANGUAGE_NAMES

    name = f"{LANGUAGE_NAMES.get(code, code)} ({code})"
    if not missing:
        return f"Everything has text in {name}."
    ids = [str(item) for item in missing if item != PROFILE]
    parts = []
    if ids:
        parts.append(f"entr{'y' if len(ids) == 1 else 'ies'} {', '.join(ids)}")
    if PROFILE in missing:
        parts.append("the profile")
    return f"Not in {name} yet: {' and '.join(parts)}.\nAdd it with: tpmfolio translate ID|profile {code}"
