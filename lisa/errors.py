"""The one shape of errors raised by actions and shown to users."""

from django.http import Http404
from django.utils.functional import Promise


class LisaError(Exception):
    """A request LISA refuses, with a stable code and a translated message.

    Views turn it into a 4xx: JSON {"code", "message"}, an Open311 error list,
    a form error or a command-line message.
    """

    status = 400

    def __init__(self, code: str, message: str | Promise, *, field: str | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str]:
        data = {"code": self.code, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class NotFound(LisaError, Http404):
    """Absent, or not visible to the person asking: the two are never told apart."""

    status = 404
