"""What the API answers: the fields partners rely on, named once for the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, field_validator

from lisa.lib.nul import holds_nul
from lisa.reports.actions import MAX_SPLIT_PARTS

# An id the database can hold: a larger number is bad input (422), not a server error.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]

# A report's or a case's reference in a path (a NUL character in a path is refused before,
# by lisa.lib.nul).
Reference = Annotated[str, Field(max_length=40)]


class In(Schema):
    """What a client sends: no text in it holds a NUL character (a 422 names the field).

    Query strings and forms are checked before, for the whole site, by lisa.lib.nul."""

    @field_validator("*", mode="after")
    @classmethod
    def _without_nul(cls, value: Any) -> Any:
        if holds_nul(value):
            raise ValueError("a NUL character")
        return value


class Named(Schema):
    id: int
    code: str
    name: str


class AreaRef(Schema):
    id: int
    code: str
    name_fr: str
    name_nl: str


class Access(Schema):
    """What the caller may see of and do with the report (as on its page)."""

    as_staff: bool
    contact: str  # none, direct or with_reason
    handles: bool
    note_visibilities: list[str]


class ReportOut(Schema):
    reference: str
    category: Named
    status: str
    status_label: str
    channel: str
    # Null where the caller may not read them: a private category seen without a working role.
    description: str | None
    address: str | None
    attributes: dict[str, Any] | None
    # The exact point, or the centre of a 550 × 350 m cell (`exact` false).
    lat: float
    lon: float
    exact: bool
    municipality: AreaRef | None
    police_zone: AreaRef | None
    neighbourhood: AreaRef | None
    office: Named | None
    organisation: Named | None
    routing_explanation: str
    # Who in the handling organisation has it (a user name, a team's name): null to callers
    # without a working role on it, and when no one has it.
    assigned_to: str | None
    assigned_team: str | None
    deadline: dt.date | None
    created_at: dt.datetime
    status_changed_at: dt.datetime
    access: Access


class ReportPage(Schema):
    items: list[ReportOut]
    next_cursor: str | None


class ReporterIn(In):
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "fr"


class ReportIn(In):
    category: str  # the category's code
    lat: float
    lon: float
    description: str
    address: str = ""
    attributes: dict[str, Any] = {}
    reporter: ReporterIn | None = None


class StatusIn(In):
    status: str
    public_message: str = ""
    reason: str = ""
    # A transfer: the organisation's code. A duplicate: the reference of the master report.
    organisation: str = ""
    duplicate_of: str = ""


class AssignIn(In):
    # The person's user name, or the team's name (French, Dutch or English), of the
    # organisation handling the report; both empty: given to no one.
    user: str = ""
    team: str = ""


class LinkIn(In):
    related: str  # the reference of the other report


class MessageIn(In):
    body: str  # sent to the residents behind the report, shown on their follow page


class MessageOut(Schema):
    id: int
    body: str
    organisation: Named | None
    at: dt.datetime


class QuestionIn(In):
    question: str  # e-mailed to the residents, answered through a link valid a few days


class QuestionOut(Schema):
    id: int
    question: str
    organisation: Named | None
    asked_at: dt.datetime
    expires_at: dt.datetime
    # The resident's answer, once given.
    answer: str | None
    answered_at: dt.datetime | None


class ReopenIn(In):
    # The resident's "not solved": accept it (the report is taken up again) or decline it.
    accept: bool
    # Told to the resident: why it is taken up again, or why it stays resolved (required).
    message: str = ""


class SplitPartIn(In):
    category: str  # the category's code
    description: str
    organisation: str = ""  # the organisation's code; empty: routed by the rules


class SplitIn(In):
    # More than the action takes at once is refused before any is looked at.
    parts: list[SplitPartIn] = Field(max_length=MAX_SPLIT_PARTS)


class ContactIn(In):
    reason: str = ""


class ContactOut(Schema):
    name: str
    email: str
    phone: str
    language: str
    role: str


class NoteOut(Schema):
    id: int
    body: str
    visibility: str
    organisation: Named | None
    author: str
    at: dt.datetime


class NoteIn(In):
    body: str
    visibility: str
    organisation: str = ""  # the code of the organisation the note is written for


class AttachmentOut(Schema):
    id: int
    name: str | None
    content_type: str
    size: int
    is_public: bool
    uploaded_at: dt.datetime
    url: str  # the file's content, through the API


class TaskOut(Schema):
    id: int
    organisation: Named
    description: str
    status: str
    due_on: dt.date | None
    done_at: dt.datetime | None


class CaseOut(Schema):
    reference: str
    title: str
    summary: str
    status: str
    office: Named
    created_at: dt.datetime
    closed_at: dt.datetime | None
    reports: list[str]
    tasks: list[TaskOut]


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class CaseIn(In):
    office: str  # the office's code
    title: str
    summary: str = ""
    reports: list[str] = []


class CaseReportIn(In):
    report: str  # the report's reference


class TaskIn(In):
    organisation: str  # the code of the organisation asked
    description: str
    due_on: dt.date | None = None


class TaskDoneIn(In):
    outcome: str = ""


class CaseStatusIn(In):
    status: str  # open or closed
    reason: str = ""


class CategoryOut(Schema):
    id: int
    code: str
    parent: str | None
    name_fr: str
    name_nl: str
    name_en: str
    is_private: bool
    deadline_days: int
    questions: list[Any] | dict[str, Any]


class AreaOut(Schema):
    id: int
    kind: str
    code: str
    parent_id: int | None
    name_fr: str
    name_nl: str
    label_lat: float
    label_lon: float


class LocationOut(Schema):
    municipality: AreaRef
    police_zone: AreaRef | None
    neighbourhood: AreaRef | None
    office_catchment: AreaRef | None


class RouteIn(In):
    category: str
    lat: float
    lon: float
    attributes: dict[str, Any] = {}


class RouteOut(Schema):
    organisation: Named | None
    step: str
    explanation: str


class OfficeOut(Schema):
    code: str
    name_fr: str
    name_nl: str
    status: str
    municipality: AreaRef
    address_fr: str
    address_nl: str
    lat: float
    lon: float
    phone: str
    email: str
    open_now: bool


class EventOut(Schema):
    id: int
    office: str
    kind: str
    title: str
    description: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    cancelled: bool
