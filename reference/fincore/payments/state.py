"""Everything one Payment Service instance holds, reached through ``app.state.payments``."""

from dataclasses import dataclass

from sqlalchemy import Engine

from fincore.common.clock import Clock
from fincore.common.database import Database
from fincore.common.request_log import RequestLog
from fincore.payments.psp_client import PSPClient
from fincore.payments.settings import PaymentSettings
from fincore.payments.webhooks.sender import WebhookSender


@dataclass
class PaymentState:
    settings: PaymentSettings
    db: Database
    psp: PSPClient
    clock: Clock
    log: RequestLog
    webhooks: WebhookSender

    @property
    def engine(self) -> Engine:
        return self.db.engine
