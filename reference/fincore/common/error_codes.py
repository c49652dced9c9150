# ruff: noqa: S105 - error codes that name keys and tokens, not secrets
"""The error codes any FinCore service can answer: the frame's, parsing's and authentication's.

Each service's own catalogue (``fincore.payments.error_codes``, ``fincore.psp.error_codes``)
adds the codes only it answers. A code is the stable, documented name a client branches on;
the message beside it is for people and may change.
"""

# The request as a whole (fincore.common.errors, strict_json, request_body, body_limit).
INVALID_JSON = "invalid_json"
INVALID_CONTENT_TYPE = "invalid_content_type"
INVALID_BODY = "invalid_body"
DUPLICATE_KEY = "duplicate_key"
PAYLOAD_TOO_LARGE = "payload_too_large"
PARAMETER_MISSING = "parameter_missing"
PARAMETER_UNKNOWN = "parameter_unknown"
PARAMETER_INVALID = "parameter_invalid"
RESOURCE_MISSING = "resource_missing"
METHOD_NOT_ALLOWED = "method_not_allowed"
INVALID_REQUEST = "invalid_request"
INTERNAL_ERROR = "internal_error"
# The FinCore-Version header (fincore.common.api_version).
API_VERSION_INVALID = "api_version_invalid"
# Pagination: a list asked to go both ways at once.
PARAMETERS_EXCLUSIVE = "parameters_exclusive"

# Authentication (fincore.common.bearer and each service's deps).
API_KEY_MISSING = "api_key_missing"
API_KEY_INVALID = "api_key_invalid"
SECRET_KEY_REQUIRED = "secret_key_required"

COMMON_CODES = frozenset(
    {
        INVALID_JSON,
        INVALID_CONTENT_TYPE,
        INVALID_BODY,
        DUPLICATE_KEY,
        PAYLOAD_TOO_LARGE,
        PARAMETER_MISSING,
        PARAMETER_UNKNOWN,
        PARAMETER_INVALID,
        RESOURCE_MISSING,
        METHOD_NOT_ALLOWED,
        INVALID_REQUEST,
        INTERNAL_ERROR,
        API_VERSION_INVALID,
        PARAMETERS_EXCLUSIVE,
        API_KEY_MISSING,
        API_KEY_INVALID,
        SECRET_KEY_REQUIRED,
    }
)
