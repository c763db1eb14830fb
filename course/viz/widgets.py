"""The views' widgets: thin anywidget classes that ship frames to the browser.

Every view is one ``View`` (an ``anywidget.AnyWidget``) whose ``view`` names the renderer in
``static/views.js``, ``data`` holds its frames (from ``course.viz.frames``) and ``step`` is the
step shown (the browser animates on its own and reports the step back when it stops).
``text()`` is the view's text form. A view whose frames could not be computed shows the
error, in words, in place of the picture.
"""
from __future__ import annotations

import pathlib
import traceback
from typing import Any, Callable, Optional

import anywidget
import traitlets

STATIC = pathlib.Path(__file__).parent / "static"


class View(anywidget.AnyWidget):
    """One view: ``view`` (which renderer), ``data`` (its frames), ``step`` (shown now)."""

    _esm = STATIC / "views.js"
    _css = STATIC / "views.css"
    view = traitlets.Unicode("").tag(sync=True)
    data = traitlets.Dict({}).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    def __init__(self, view: str, data: Optional[dict] = None, *, text: Optional[Callable[..., str]] = None,
                 step: int = 0, error: str = "", **kw: Any):
        super().__init__(view=view, data=data or {}, step=step, error=error, **kw)
        self._text = text

    @property
    def frames(self) -> dict:
        """The frames the view draws (plain data)."""
        return self.data

    def text(self, *args: Any, **kw: Any) -> str:
        """The view in words (for readers who do not use the picture)."""
        if self.error:
            return "This view could not be drawn: " + self.error
        return self._text(*args, **kw) if self._text else ""

    def _repr_mimebundle_(self, **kwargs: Any):
        """The widget for JupyterLab, and its text form where widgets are not drawn (a notebook
        exported with nbconvert or shown on GitHub), instead of ``<View object at 0x...>``."""
        bundle = super()._repr_mimebundle_(**kwargs)
        try:
            words = self.text()
        except Exception as exc:  # the text form must never break the display
            words = f"({self.view} view: {type(exc).__name__}: {exc})"
        data = bundle[0] if isinstance(bundle, tuple) else bundle  # (data, metadata) or data
        if words and isinstance(data, dict):
            data["text/plain"] = words if len(words) <= 4000 else words[:4000] + "\n…"
        return bundle

    def show_error(self, exc: BaseException) -> None:
        """Show a failure in the view, in words (not a silent nothing)."""
        self.error = f"{type(exc).__name__}: {exc}"
        self._traceback = traceback.format_exc()


def safe_view(view: str, build: Callable[[], tuple[dict, Optional[Callable[..., str]]]], **kw: Any) -> View:
    """A view whose frames come from ``build()``; if that fails, the view shows why."""
    try:
        data, text = build()
    except Exception as exc:  # the learner sees the message in the view, not a traceback
        w = View(view, {}, **kw)
        w.show_error(exc)
        return w
    return View(view, data, text=text, **kw)
