"""What the API answers: the fields partners rely on, named once for the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


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
    deadline: dt.date | None
    created_at: dt.datetime
    status_changed_at: dt.datetime
    access: Access


class ReportPage(Schema):
    items: list[ReportOut]
    next_cursor: str | None


class ReporterIn(Schema):
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "fr"


class ReportIn(Schema):
    category: str  # the category's code
    lat: float
    lon: float
    description: str
    address: str = ""
    attributes: dict[str, Any] = {}
    reporter: ReporterIn | None = None


class StatusIn(Schema):
    status: str
    public_message: str = ""
    reason: str = ""
    # A transfer: the organisation's code. A duplicate: the reference of the master report.
    organisation: str = ""
    duplicate_of: str = ""


class ContactIn(Schema):
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


class NoteIn(Schema):
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


class CaseIn(Schema):
    office: str  # the office's code
    title: str
    summary: str = ""
    reports: list[str] = []


class CaseStatusIn(Schema):
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


class RouteIn(Schema):
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
