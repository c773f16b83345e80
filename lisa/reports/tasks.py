"""Work done after a report is stored, outside the request."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from lisa.reports.models import Reporter


@task()
def send_acknowledgement(*, reporter_id: int) -> None:
    """E-mail the resident the reference of the report they made."""
    reporter = Reporter.objects.select_related("report", "report__category").get(id=reporter_id)
    if not reporter.email:
        return
    report = reporter.report
    with translation.override(reporter.language):
        subject = _("Your report %(reference)s") % {"reference": report.reference}
        body = _(
            "Hello,\n\nWe have received your report about “%(category)s” and registered it "
            "as %(reference)s. We will keep you informed.\n\nYour LISA office"
        ) % {"category": report.category.name, "reference": report.reference}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reporter.email])
