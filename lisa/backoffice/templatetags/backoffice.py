"""How the back office writes history entries and actions in words."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lisa.names import pick_translation
from lisa.reports.selectors import TimelineEntry

register = template.Library()


@register.simple_tag(takes_context=True)
def timeline_entry(context: Any, entry: TimelineEntry) -> str:
    """Render one history entry with the template of its kind."""
    return render_to_string(
        f"backoffice/timeline/{entry.kind}.html",
        {
            "entry": entry,
            "obj": entry.obj,
            "request": context.get("request"),
            # A case's history names the report of each entry; a report's is about one.
            "report": (entry.extra or {}).get("report") or context.get("report"),
        },
    )


@register.simple_tag
def status_verb(action: str) -> str:
    """Return the button label of a status action."""
    return {
        "acknowledge": pgettext("action", "Acknowledge"),
        "start": pgettext("action", "Start work"),
        "wait": pgettext("action", "Wait for a third party"),
        "resolve": pgettext("action", "Resolve"),
        "close": pgettext("action", "Close"),
        "reject": pgettext("action", "Reject"),
    }.get(action, action)


@register.filter
def in_language(names: dict[str, str] | None) -> str:
    """Return a stored {fr, nl, en} snapshot of a name in the page's language."""
    names = names or {}
    return pick_translation(fr=names.get("fr", ""), nl=names.get("nl", ""), en=names.get("en", ""))


@register.simple_tag
def activity_text(activity: Any, redacted: bool = False) -> str:
    """Return what an activity did, in words; `redacted` leaves out the names of files.

    A file's original name may hold personal data (the resident's name, an address).
    """
    data = dict(activity.data or {})
    kind = activity.kind
    if redacted:
        data.pop("name", None)
    if kind == "assigned":
        team = in_language(data.get("team")) if data.get("team") else ""
        who = data.get("user") or (_("team %(name)s") % {"name": team} if team else "")
        return _("Assigned to %(who)s.") % {"who": who} if who else _("Assignment removed.")
    if kind == "linked":
        return _("Linked to %(reference)s.") % {"reference": data.get("reference", "")}
    if kind == "split":
        return _("Split: %(reference)s (%(category)s) for %(organisation)s.") % {
            "reference": data.get("reference", ""),
            "category": in_language(data.get("category")),
            "organisation": in_language(data.get("organisation")) or "—",
        }
    if kind == "split_from":
        return _("Split from %(reference)s.") % {"reference": data.get("reference", "")}
    if kind == "attachment_added":
        return (
            _("Added %(name)s, shown to residents.")
            if data.get("public")
            else _("Added %(name)s, internal.")
        ) % {"name": data.get("name") or _("a file")}
    if kind == "attachment_shown":
        return _("%(name)s is now shown to residents.") % {"name": data.get("name") or _("A file")}
    if kind == "attachment_hidden":
        return _("%(name)s is no longer shown to residents.") % {
            "name": data.get("name") or _("A file")
        }
    if kind == "supporters_merged":
        return _("The residents of %(reference)s now follow this report.") % {
            "reference": data.get("reference", "")
        }
    if kind == "supporter_joined":
        return _("A resident added their voice to this report on the public site.")
    if kind == "resident_update":
        text = _("A resident wrote through %(source)s.") % {
            "source": data.get("source") or _("another system")
        }
        if data.get("said_status"):
            text += " " + _("They gave the status “%(status)s” there.") % {
                "status": data["said_status"]
            }
        return text
    if kind == "added_to_case":
        return _("Added to the case %(reference)s: %(title)s.") % {
            "reference": data.get("reference", ""),
            "title": data.get("title", ""),
        }
    return str(activity.get_kind_display())
