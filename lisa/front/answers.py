"""The resident's answer to a question staff asked about their report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lisa.errors import LisaError
from lisa.reports.actions import info_request_answer, info_request_for_token


@never_cache
@require_http_methods(["GET", "POST"])
def answer_info_request(request: HttpRequest, token: str) -> HttpResponse:
    """Show the question and take the answer, once, while the link is valid."""
    info_request = info_request_for_token(token)
    context = {
        "info_request": info_request,
        "report": info_request.report,
        "expired": info_request.answered_at is None and timezone.now() > info_request.expires_at,
    }
    if request.method == "POST":
        try:
            info_request_answer(request=info_request, answer=request.POST.get("answer", ""))
        except LisaError as error:
            context |= {"error": error, "typed": request.POST.get("answer", "")}
            return render(request, "front/answer.html", context, status=400)
        context["thanks"] = True
    return render(request, "front/answer.html", context)
