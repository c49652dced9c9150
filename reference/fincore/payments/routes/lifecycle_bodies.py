"""The bodies of capture, cancel and refund requests, parsed after authentication like a
payment's (``fincore.payments.deps``). Capture and cancel may send no body at all."""

from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel

from fincore.common import request_body
from fincore.payments.deps import Merchant
from fincore.payments.schemas import PaymentCancel, PaymentCapture, RefundCreate

Model = TypeVar("Model", bound=BaseModel)


def _optional(request: Request, model: type[Model]) -> Model:
    if not request_body.raw_body(request).strip():
        return model()
    return request_body.parse(request, model)


async def capture_body(request: Request, _: Merchant) -> PaymentCapture:
    return _optional(request, PaymentCapture).checked()


async def cancel_body(request: Request, _: Merchant) -> PaymentCancel:
    return _optional(request, PaymentCancel)


async def refund_body(request: Request, _: Merchant) -> RefundCreate:
    return request_body.parse(request, RefundCreate).checked()


def optional_body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``request_body_schema`` for a body the caller may leave out."""
    schema = request_body.request_body_schema(model)
    schema["requestBody"]["required"] = False
    return schema


CaptureBody = Annotated[PaymentCapture, Depends(capture_body)]
CancelBody = Annotated[PaymentCancel, Depends(cancel_body)]
RefundBody = Annotated[RefundCreate, Depends(refund_body)]
