# syntax=docker/dockerfile:1
FROM python:3.12-slim AS builder

ENV POETRY_VERSION=1.8.3 \
    POETRY_VIRTUALENVS_IN_PROJECT=1 \
    POETRY_NO_INTERACTION=1

RUN pip install --no-cache-dir "poetry==$POETRY_VERSION"

WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN --mount=type=cache,target=/root/.cache/pypoetry \
    poetry install --only main --no-root

FROM python:3.12-slim
WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY ./src /app/src
ENV PATH="/app/.venv/bin:$PATH"
RUN useradd --create-home api
USER api
CMD ["uvicorn", "src.service.main:app", "--host", "0.0.0.0", "--port", "8080"]
