# The fincore-payments container: the Fargate task of the physical view.
# Runs the same entry point as the tests and `fincore up --instances`: `fincore serve payments`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    FINCORE_PAYMENTS_DATA_DIR=/var/lib/fincore

WORKDIR /app
COPY pyproject.toml README.md ./
COPY reference ./reference
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /var/lib/fincore --create-home fincore

USER fincore
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=2s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"

# Configure with FINCORE_PAYMENTS_DATABASE_URL, _PSP_URL, _PSP_SECRET_KEY and _MERCHANTS. The
# environment is production by default, which refuses to start without a live PSP key.
CMD ["fincore", "serve", "payments", "--host", "0.0.0.0", "--port", "8000"]
