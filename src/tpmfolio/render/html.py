"""Context → HTML through a theme's Jinja template: the second stage of rendering.

The HTML is self-contained: the theme's CSS is inlined in ``<style>`` and
every file it refers to (fonts, images) becomes a ``data:`` URI, so the
``--html`` output renders the same PDF on any machine, with any tool, with
no access to the theme folder. Only files inside the theme's folders are
inlined; anything else is left as written and refused later by the fetcher.

Templates come from theme folders people download, so they run in Jinja2's
immutable sandbox: no attributes starting with ``_`` (the road from
``cycler`` to ``os.popen``), no calls that change lists or dicts, and no
template file that resolves outside its theme folder (a symlink to
``/etc/passwd`` is "not found", not read). :mod:`.sandbox` adds limits on
time and size, and any error a template raises is one line naming it.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import RenderError
from .fetcher import inside
from .language import Language, language
from .sandbox import TemplateTimeout, sandboxed_environment, time_limit
from .themes import resolve_theme, search_path

_CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<url>[^'")]*?)(?P=quote)\s*\)""")
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CSS_IMPORT = re.compile(r"""^@import\s+(?:url\(\s*)?(?P<quote>['"])(?P<name>[^'"]+)(?P=quote)\s*\)?\s*;[ \t]*\n?""", re.MULTILINE)
_FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}


def render_html(context: Mapping[str, Any], theme: str | Path = "classic", lang: Language | None = None) -> str:
    """Fill the theme's ``template.html.j2`` with ``context`` from :func:`build_context`.

    Autoescaping is on and undefined names fail loudly, so text from the
    database always prints as text and a theme typo is an error, not a
    blank. The template can call ``asset("logo.svg")`` for a ``data:`` URI of
    a file in the theme folder.

    Interface words in the templates go through gettext (``{{ _("Outcomes") }}``,
    ``{% trans %}``) in ``lang``, by default the language the context was
    built for (``document.language``).
    """
    import jinja2
    from markupsafe import Markup  # Jinja2's own dependency

    folders = search_path(resolve_theme(theme))
    env = sandboxed_environment(
        loader=_theme_loader_class()([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    lang = lang or language(context.get("document", {}).get("language"))
    env.install_gettext_translations(lang.translations, newstyle=True)
    env.globals["asset"] = lambda name: _data_uri(name, folders) or ""
    # A stylesheet cannot close its own <style> element and start markup.
    css = re.sub(r"</(style)", r"<\\/\1", inline_css_imports(_read_first("style.css", folders), folders), flags=re.IGNORECASE)
    try:
        template = env.get_template("template.html.j2")
        with time_limit():
            return template.render(**context, theme_css=Markup(inline_css_urls(css, folders)))
    except RenderError:
        raise
    except jinja2.TemplateError as error:
        message = " ".join(str(error.message or error).split())
        if isinstance(error, jinja2.TemplateNotFound):
            message = f"no template {error.name!r} inside the theme folders"
        raise RenderError(f"theme template error{_where(error)}: {message}") from None
    except (TemplateTimeout, RecursionError, MemoryError, OverflowError) as error:
        what = str(error) if isinstance(error, TemplateTimeout) else {
            RecursionError: "a macro or include calls itself without end",
            MemoryError: "it asked for more memory than there is",
            OverflowError: "a number grew too large",
        }[type(error)]
        raise RenderError(f"theme template error{_where(error)}: {what}") from None
    except Exception as error:  # noqa: BLE001 - a theme's own mistake (1/0, a filter given a wrong value): one line
        message = " ".join(str(error).split()) or type(error).__name__
        raise RenderError(f"theme template error{_where(error)}: {message}") from None


def _where(error: Exception) -> str:
    """" in FILE, line N" for a template error, from the error or from Jinja's rewritten traceback.

    Syntax errors carry their file and line; errors raised while rendering
    (an undefined name, an unsafe attribute) only show up as traceback frames
    that Jinja points at the template file.
    """
    name, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if line is None:
        frames = [f for f in _frames(error.__traceback__) if f[0].endswith(".j2")]
        if frames:
            name, line = frames[-1]
    if line is None:
        return ""
    return f" in {name}, line {line}" if name else f" (line {line})"


def _frames(tb: Any) -> list[tuple[str, int]]:
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


@functools.cache
def _theme_loader_class() -> type:
    """A FileSystemLoader that serves only files really inside its folders (symlinks followed)."""
    import jinja2

    class ThemeLoader(jinja2.FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            if filename is None or not inside(Path(filename), [Path(s) for s in self.searchpath]):
                raise jinja2.TemplateNotFound(template)
            return source, filename, uptodate

    return ThemeLoader


def inline_css_imports(css: str, folders: list[Path]) -> str:
    """Put the text of each ``@import "file.css";`` of a theme file where the rule stands.

    This is how the built-in themes share one ``pagination.css`` (kept in
    ``classic``, the fallback folder) and how a theme of one's own can take it.
    The sheet goes in where it is imported, not first, so its rules win over
    the ones above it. Imports of anything outside the theme folders are left
    as written (and refused later by the fetcher); an imported sheet's own
    imports are not followed.
    """

    def replace(match: re.Match[str]) -> str:
        name = match["name"].strip()
        if _HAS_SCHEME.match(name) or name.startswith(("/", "\\")):
            return match[0]
        try:
            return _read_first(name, folders)
        except RenderError:
            return match[0]

    return _CSS_IMPORT.sub(replace, css)


def inline_css_urls(css: str, folders: list[Path]) -> str:
    """Replace relative ``url(...)`` references to theme files with ``data:`` URIs."""

    def replace(match: re.Match[str]) -> str:
        url = match["url"].strip()
        if not url or _HAS_SCHEME.match(url) or url.startswith(("/", "\\", "#")):
            return match[0]
        data = _data_uri(url, folders)
        return f'url("{data}")' if data else match[0]

    return _CSS_URL.sub(replace, css)


def _data_uri(name: str, folders: list[Path]) -> str | None:
    relative = name.split("?", 1)[0].split("#", 1)[0]
    for folder in folders:
        path = folder / relative
        if inside(path, [folder]):
            mime = _FONT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            mime = mime or "application/octet-stream"
            return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    return None


def _read_first(name: str, folders: list[Path]) -> str:
    for folder in folders:
        path = folder / name
        if inside(path, [folder]):
            return path.read_text(encoding="utf-8")
    raise RenderError(f"no {name} in theme folders {', '.join(str(f) for f in folders)}")
