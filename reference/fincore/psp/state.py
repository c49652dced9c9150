"""Everything one PSP instance holds, built by ``create_app`` and reached through ``app.state``."""

from dataclasses import dataclass

from sqlalchemy import Engine

from fincore.common.clock import Clock
from fincore.common.merchants import MerchantAccount
from fincore.common.request_log import RequestLog
from fincore.psp.faults import FaultPlan
from fincore.psp.settings import PSPSettings
from fincore.psp.vault import CardVault


@dataclass
class PSPState:
    settings: PSPSettings
    engine: Engine
    vault: CardVault
    clock: Clock
    faults: FaultPlan
    log: RequestLog

    @property
    def merchants(self) -> list[MerchantAccount]:
        return self.settings.merchants
