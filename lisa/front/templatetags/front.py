"""Template tags of the public site."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info

from lisa.events.dates import when
from lisa.events.models import Event

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, object]]:
    """The same page in each language: a link, so that the switch keeps the page."""
    request: HttpRequest | None = context.get("request")
    current = context.get("LANGUAGE_CODE")
    path = request.get_full_path() if request else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current and path.startswith(f"/{current}/"):
            # A path that names no page (an error page's) cannot be translated: the same
            # path under the other language's prefix says "not found" in that language.
            url = f"/{code}/{path.removeprefix(f'/{current}/')}"
        links.append(
            {
                "code": code,
                # Each language in its own words: a Dutch speaker looks for "Nederlands".
                "name": get_language_info(code)["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    return links


@register.simple_tag
def event_when(event: Event) -> str:
    """The event's day and times in Brussels, in the page's language."""
    return when(event)
