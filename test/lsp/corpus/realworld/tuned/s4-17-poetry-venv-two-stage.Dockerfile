# Modelled on: Poetry-based Python service images (pinned poetry, in-project venv, POETRY_CACHE_DIR removed, venv copied to slim)
FROM python:3.11-slim AS builder
ENV POETRY_VERSION=1.8.3 \
    POETRY_NO_INTERACTION=1 \
    POETRY_VIRTUALENVS_IN_PROJECT=1 \
    POETRY_VIRTUALENVS_CREATE=1 \
    POETRY_CACHE_DIR=/tmp/poetry_cache
RUN pip install --no-cache-dir "poetry==$POETRY_VERSION"
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root && rm -rf $POETRY_CACHE_DIR

FROM python:3.11-slim
WORKDIR /app
ENV VIRTUAL_ENV=/app/.venv PATH=/app/.venv/bin:$PATH
COPY --from=builder /app/.venv /app/.venv
COPY inventory ./inventory
CMD ["python", "-m", "inventory"]
