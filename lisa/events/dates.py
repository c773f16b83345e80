"""An event's date and times as people read them: in Brussels, in their language."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lisa.events.models import Event


def when(event: Event) -> str:
    """Return the event's date and times in Brussels, in the active language."""
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    if starts.date() == ends.date():
        return _("%(day)s, %(starts)s–%(ends)s") % {
            "day": formats.date_format(starts, "l j F Y"),
            "starts": formats.time_format(starts, "H:i"),
            "ends": formats.time_format(ends, "H:i"),
        }
    return f"{formats.date_format(starts, 'DATETIME_FORMAT')} – " + formats.date_format(
        ends, "DATETIME_FORMAT"
    )
