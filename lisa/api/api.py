"""The partners' JSON API at /api/v1/ (django-ninja): one NinjaAPI, its routers, its errors.

The OpenAPI document is at /api/v1/openapi.json and its documentation page at /api/v1/docs,
drawn with the Swagger UI files django-ninja ships (served by LISA, no CDN, no inline script).
"""

from ninja import NinjaAPI, Swagger

from lisa.api import cases, reference, reports
from lisa.api.auth import KeyAuth, Session
from lisa.api.errors import install

api = NinjaAPI(
    title="LISA",
    version="1",
    # For the developers of partner systems, in English like the code (the errors the API
    # answers are in the caller's language).
    description=(
        "The partners' JSON API: reports and cases as the back office shows them to the "
        'person the API key acts as. Errors are {"code", "message"}.'
    ),
    auth=[KeyAuth(), Session()],
    docs=Swagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
install(api)
api.add_router("", reports.router)
api.add_router("", cases.router)
api.add_router("", reference.router)
