"""Closing a year from the ranking report (POST only, 网站管理员)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from liaisons.closing import assessment_year_close

YEAR_CLOSED = "{year}年度考核结果已归档：此后该年度的报表按归档结果显示，计分办法不再修改。"


@require_POST
def close_year(request, year: int):
    try:
        assessment_year_close(user=request.user, year=year)
    except PermissionDenied:
        raise
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, YEAR_CLOSED.format(year=year))
    return redirect(reverse("xiuying_liaison_ranking") + f"?year={year}")
