"""A real PostgreSQL and a real nginx in front of several Payment Service processes."""

import pytest
from sqlalchemy import create_engine, func, select

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.scaleout.cluster import PaymentCluster
from fincore.lab.scaleout.postgres import TemporaryPostgres
from fincore.lab.stack import LocalStack, StackOptions
from fincore.payments.db import payments

INSTANCES = 3


@pytest.fixture(scope="session")
def postgres():
    with TemporaryPostgres() as server:
        yield server


@pytest.fixture(scope="session")
def payments_for_token(postgres):
    """How many payments the shared database holds for a token: the no-double-payment check."""
    engine = create_engine(postgres.url)

    def count(token):
        with engine.connect() as connection:
            return connection.execute(
                select(func.count()).select_from(payments).where(payments.c.token == token)
            ).scalar_one()

    yield count
    engine.dispose()


@pytest.fixture(scope="module")
def psp_stack(tmp_path_factory):
    """The PSP (in-process); its Payment Service is unused here, the cluster replaces it."""
    with LocalStack(StackOptions(data_dir=tmp_path_factory.mktemp("psp"))) as stack:
        yield stack


@pytest.fixture(scope="module")
def cluster(postgres, psp_stack, tmp_path_factory):
    info = psp_stack.info
    folder = tmp_path_factory.mktemp("cluster")
    with PaymentCluster(
        INSTANCES, postgres.url, info.psp_url, info.merchants, folder, info.payments_environment()
    ) as running:
        yield running


@pytest.fixture
def shopper(psp_stack):
    api = PSPBrowserAPI(psp_stack.info.psp_url, psp_stack.info.merchants[0].publishable_key)
    yield api
    api.close()


@pytest.fixture
def merchant(cluster, psp_stack):
    api = PaymentsAPI(cluster.url, psp_stack.info.merchants[0].secret_key)
    yield api
    api.close()
