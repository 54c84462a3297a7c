"""Text written in $EDITOR is kept as a draft until it is stored, and can be taken back.

The editor here is a real program (a shell script given as $EDITOR), run by
click exactly as a person's editor is: it writes the file it is given and
exits with the code the test chooses.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from tpmfolio.cli import cli

DRAFT_ENTRY = """title: Pricing experiment
kind: project
summary: Ran an A/B test on annual plans.
skills:
- skill: business-acumen
  level: 3
"""


def editor_script(tmp_path: Path, *, writes: str | None, exit_code: int) -> str:
    """An $EDITOR that replaces the file with ``writes`` (or leaves it) and exits with ``exit_code``."""
    script = tmp_path / f"editor-{exit_code}-{writes is not None}.sh"
    body = "#!/bin/sh\n"
    if writes is not None:
        content = tmp_path / f"{script.name}.txt"
        content.write_text(writes, encoding="utf-8")
        body += f'cat "{content}" > "$1"\n'
    script.write_text(body + f"exit {exit_code}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def run(db: Path, *args: str, editor: str | None = None, input: str | None = None) -> Result:
    env = {"TPMFOLIO_DB": str(db)}
    if editor:
        env.update(EDITOR=editor, VISUAL=editor)
    return CliRunner().invoke(cli, ["--db", str(db), *args], env=env, input=input, catch_exceptions=False)


def ok(db: Path, *args: str, **kwargs) -> Result:
    result = run(db, *args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def kept_draft(result: Result) -> Path:
    """The draft a failed command names, checked to be named with the command that takes it back."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    found = re.search(r"your text is kept in (\S+) \(take it back with: (tpmfolio [a-z]+(?: \d+)?) --from-draft (\S+)\)", result.stderr)
    assert found, result.stderr
    assert found[1] == found[3]
    return Path(found[1])


def titles(db: Path) -> list[str]:
    return [r["title"] for r in sqlite_utils.Database(db)["entries"].rows]


@pytest.fixture
def db(db_path: Path) -> Path:
    ok(db_path, "init")
    ok(db_path, "add", "Checkout redesign", "--skill", "customer-focus:3")
    return db_path


def test_an_editor_that_fails_after_writing_leaves_a_draft_that_add_takes_back(db: Path, tmp_path: Path, user_dirs: Path):
    """Exit code 1 after writing: nothing stored, the text in a private draft, 'add --from-draft' stores it."""
    failing = editor_script(tmp_path, writes=DRAFT_ENTRY, exit_code=1)
    result = run(db, "add", "Placeholder", "--edit", editor=failing)
    assert "Editing failed" in result.stderr and "nothing was stored" in result.stderr
    draft = kept_draft(result)
    assert user_dirs / "drafts" == draft.parent
    assert DRAFT_ENTRY == draft.read_text(encoding="utf-8")
    assert 0o600 == stat.S_IMODE(draft.stat().st_mode)
    assert ["Checkout redesign"] == titles(db)

    assert "2\n" == ok(db, "add", "--from-draft", str(draft)).stdout
    assert ["Checkout redesign", "Pricing experiment"] == titles(db)
    assert not draft.exists()  # taken back: the drafts folder does not fill up with stored text


def test_an_editor_that_fails_without_writing_changes_nothing_and_keeps_no_draft(db: Path, tmp_path: Path, user_dirs: Path):
    """An editor that cannot start or exits at once: one line, no entry, no stale draft."""
    failing = editor_script(tmp_path, writes=None, exit_code=2)
    result = run(db, "add", "Placeholder", "--edit", editor=failing)
    assert 1 == result.exit_code
    assert re.fullmatch(r"Error: .*Editing failed; nothing was changed\n", result.stderr), result.stderr
    assert [] == list((user_dirs / "drafts").iterdir())
    assert ["Checkout redesign"] == titles(db)


def test_a_missing_editor_is_one_line(db: Path, tmp_path: Path):
    result = run(db, "add", "Placeholder", "--edit", editor=str(tmp_path / "no-such-editor"))
    assert 1 == result.exit_code and "Editing failed" in result.stderr and "Traceback" not in result.output


def test_edit_keeps_a_failed_editors_text_and_edit_from_draft_takes_it_back(db: Path, tmp_path: Path):
    """edit 1 with an editor that exits non-zero: the entry is unchanged, 'edit 1 --from-draft' applies the draft."""
    rewrite = editor_script(tmp_path, writes=DRAFT_ENTRY.replace("Pricing experiment", "Checkout rebuilt"), exit_code=1)
    result = run(db, "edit", "1", editor=rewrite)
    draft = kept_draft(result)
    assert f"tpmfolio edit 1 --from-draft {draft}" in result.stderr
    assert ["Checkout redesign"] == titles(db)

    save_as_is = editor_script(tmp_path, writes=draft.read_text(encoding="utf-8"), exit_code=0)
    assert "Updated entry 1: Checkout rebuilt" in ok(db, "edit", "1", "--from-draft", str(draft), editor=save_as_is).stdout
    assert ["Checkout rebuilt"] == titles(db)
    assert not draft.exists()


def test_a_stored_edit_leaves_no_draft(db: Path, tmp_path: Path, user_dirs: Path):
    """Success: the draft was only a safety net, and it is gone."""
    fine = editor_script(tmp_path, writes=DRAFT_ENTRY, exit_code=0)
    assert "2\n" == ok(db, "add", "Placeholder", "--edit", editor=fine).stdout
    assert [] == list((user_dirs / "drafts").iterdir())


def test_a_draft_with_a_mistake_is_kept_and_says_how_to_fix_it(db: Path, tmp_path: Path):
    """add --from-draft on text with a mistake: the problem, the draft untouched, the --edit hint."""
    draft = tmp_path / "mine.yaml"
    draft.write_text("title: X\nkind: nonsense\n", encoding="utf-8")
    result = run(db, "add", "--from-draft", str(draft))
    assert 1 == result.exit_code
    assert "kind: 'nonsense' is not an entry kind" in result.stderr
    assert f"tpmfolio add --from-draft {draft} --edit" in result.stderr
    assert "title: X\nkind: nonsense\n" == draft.read_text(encoding="utf-8")
    assert ["Checkout redesign"] == titles(db)


def test_a_draft_outside_the_drafts_folder_is_not_deleted(db: Path, tmp_path: Path):
    """A file of the person's own is read, never removed."""
    draft = tmp_path / "mine.yaml"
    draft.write_text(DRAFT_ENTRY, encoding="utf-8")
    ok(db, "add", "--from-draft", str(draft))
    assert draft.exists()
    assert "Pricing experiment" in titles(db)


def test_from_draft_mistakes_are_one_line(db: Path, tmp_path: Path):
    """A missing draft, a draft with a TITLE too, and add with neither."""
    missing = run(db, "add", "--from-draft", str(tmp_path / "gone.yaml"))
    assert 1 == missing.exit_code and "no draft at" in missing.stderr and "drafts are kept in" in missing.stderr
    both = run(db, "add", "Title", "--from-draft", str(tmp_path / "gone.yaml"))
    assert 2 == both.exit_code and "give no TITLE or entry options with it" in both.stderr
    neither = run(db, "add")
    assert 2 == neither.exit_code and "Missing argument 'TITLE'" in neither.stderr


def test_help_lists_from_draft(db: Path):
    assert "--from-draft FILE" in ok(db, "add", "--help").stdout
    assert "--from-draft FILE" in ok(db, "edit", "--help").stdout
