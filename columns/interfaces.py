"""What the page types need from the layers above them, handed in when those apps start.

The page types sit below the approval chain (``workflows``) and the public site (``cms.web``)
and may not import them, yet an item must know which workflow it goes through and whether a
revision was released (R-08), and every page is drawn by the public site (R-24). Those apps
give their functions here from their ``ready()``; a page asking before that gets a clear error.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Chain:
    """The approval chain as the page types see it."""

    workflow: Callable[[], object]
    revision_is_released: Callable[[int | None], bool]
    # Of the document ids, those the account may not read (the privacy rule needs the chain).
    documents_not_readable: Callable[[object, set[int]], list[int]]


@dataclass(frozen=True)
class Renderer:
    """The public site as the page types see it: the context of each page type's template."""

    site_context: Callable
    home_context: Callable
    column_context: Callable
    article_context: Callable
    miniprogram_context: Callable


_provided: dict[str, object] = {}


def provide_chain(chain: Chain) -> None:
    _provided["chain"] = chain


def provide_renderer(renderer: Renderer) -> None:
    _provided["renderer"] = renderer


def _needed(name: str):
    try:
        return _provided[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"columns.interfaces: no {name} was provided; is its app in INSTALLED_APPS?"
        ) from None


def chain() -> Chain:
    return _needed("chain")


def renderer() -> Renderer:
    return _needed("renderer")
