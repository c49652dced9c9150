"""``POST /csp-reports``: where the checkout page's Content-Security-Policy sends its violations.

The answer is an empty ``204`` whatever the report said: nothing of a body is ever echoed, and a
reporting browser needs no more.
"""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fincore.common.errors import InvalidRequestError, PayloadTooLargeError, error_responses
from fincore.merchant import error_codes
from fincore.merchant.csp_reports import (
    MEDIA_TYPES,
    REPORT_PATH,
    CspReportLog,
    InvalidReport,
    parse_reports,
)
from fincore.merchant.settings import MerchantSettings

router = APIRouter()


@router.post(
    REPORT_PATH,
    status_code=204,
    responses=error_responses(400, 413, 415),
    summary="CSP violation reports from the checkout page",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {media_type: {"schema": {}} for media_type in MEDIA_TYPES},
        }
    },
)
async def csp_reports(request: Request) -> Response:
    """Store the violations of a ``report-uri`` or Reporting API body; answer ``204``."""
    settings: MerchantSettings = request.app.state.settings
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in MEDIA_TYPES:
        raise InvalidRequestError(
            error_codes.UNSUPPORTED_MEDIA_TYPE,
            f"Reports are accepted as {', '.join(MEDIA_TYPES)}.",
            status_code=415,
        )
    body = await request.body()
    if len(body) > settings.csp_report_max_bytes:
        raise PayloadTooLargeError(
            error_codes.PAYLOAD_TOO_LARGE,
            f"Reports are limited to {settings.csp_report_max_bytes} bytes.",
        )
    try:
        violations = parse_reports(body)
    except InvalidReport as error:
        raise InvalidRequestError(
            error_codes.INVALID_REPORT, "The body is not a CSP report."
        ) from error
    log: CspReportLog = request.app.state.csp_reports
    log.append(violations)
    return Response(status_code=204)
