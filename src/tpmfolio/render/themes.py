"""Where a theme's files come from: a built-in theme name or a user's folder.

Built-in themes live inside the package (loaded through importlib.resources)
so that an installed wheel renders the same PDF everywhere. A user folder
may hold only some of a theme's files; the rest come from the built-in
``classic`` theme, so overriding just ``style.css`` is enough.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ..errors import RenderError

DEFAULT_THEME = "classic"
THEME_FILES = ("template.html.j2", "style.css")


def themes_root() -> Path:
    """The package folder holding the built-in themes."""
    return Path(str(files("tpmfolio").joinpath("themes")))


def builtin_themes() -> list[str]:
    """Names of the themes shipped with tpmfolio, sorted."""
    root = themes_root()
    return sorted(p.name for p in root.iterdir() if (p / "template.html.j2").is_file())


def resolve_theme(theme: str | Path) -> Path:
    """The folder of a theme given by built-in name or by path.

    A plain name is looked up among the built-in themes first, so a folder
    that happens to be called ``classic`` in the current directory does not
    silently replace the built-in one; pass a path (``./classic``) for that.

    >>> resolve_theme("classic").name
    'classic'
    """
    names = builtin_themes()
    if isinstance(theme, str) and theme in names:
        return themes_root() / theme
    path = Path(theme).expanduser()
    if isinstance(theme, str) and not path.exists() and "/" not in theme and "\\" not in theme:
        raise RenderError(f"unknown theme {theme!r}; the built-in themes are: {', '.join(names)} (or give a theme folder)")
    if not path.is_dir():
        raise RenderError(f"theme folder {str(path)!r} does not exist or is not a folder")
    if not any((path / name).is_file() for name in THEME_FILES):
        raise RenderError(
            f"theme folder {str(path)!r} has neither template.html.j2 nor style.css; add at least one of them"
        )
    return path.resolve()


def search_path(theme_dir: Path) -> list[Path]:
    """Folders to look in for a theme's files, the theme's own first."""
    fallback = themes_root() / DEFAULT_THEME
    return [theme_dir] if theme_dir.resolve() == fallback.resolve() else [theme_dir, fallback]
