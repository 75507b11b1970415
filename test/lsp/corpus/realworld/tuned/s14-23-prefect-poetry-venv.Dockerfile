FROM python:3.11-slim AS builder

ENV POETRY_VERSION=1.8.3 \
    POETRY_VIRTUALENVS_IN_PROJECT=true
# label: layer-cache
RUN pip install "poetry==$POETRY_VERSION"

WORKDIR /flows
COPY pyproject.toml poetry.lock ./
# label: layer-cache
RUN poetry install --only main --no-root

FROM python:3.11-slim
WORKDIR /flows
COPY --from=builder /flows/.venv ./.venv
COPY flows/ ./flows/
ENV PATH="/flows/.venv/bin:$PATH"
CMD ["prefect", "worker", "start", "--pool", "default-pool"]
