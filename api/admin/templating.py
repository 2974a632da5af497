"""The Jinja environment of the admin: templates/ at the top of the repository, autoescaped."""
from __future__ import annotations

from pathlib import Path

import jinja2
from starlette.templating import Jinja2Templates

from . import labels

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "templates"
STATIC_DIR = TEMPLATE_DIR / "static"


@jinja2.pass_context
def path_for(context, name: str, **params) -> str:
    """A route's path (not a full URL, so links do not depend on the Host header)."""
    return str(context["request"].app.url_path_for(name, **params))


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(labels.FILTERS)
    env.globals["path_for"] = path_for
    return Jinja2Templates(env=env)
