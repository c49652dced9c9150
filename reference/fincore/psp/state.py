"""Everything one PSP instance holds, built by ``create_app`` and reached through ``app.state``."""

from dataclasses import dataclass

from sqlalchemy import Engine

from fincore.common.clock import Clock
from fincore.common.database import Database
from fincore.common.merchants import MerchantAccount
from fincore.common.request_log import RequestLog
from fincore.psp.faults import FaultPlan
from fincore.psp.settings import PSPSettings
from fincore.psp.vault import CardVault


@dataclass
class PSPState:
    settings: PSPSettings
    db: Database
    vault: CardVault
    clock: Clock
    faults: FaultPlan
    log: RequestLog

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @property
    def merchants(self) -> list[MerchantAccount]:
        return self.settings.merchants
