# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12

FROM python:${PYTHON_VERSION}-slim-bookworm AS builder
ENV POETRY_VERSION=1.8.3 \
    POETRY_NO_INTERACTION=1 \
    POETRY_VIRTUALENVS_IN_PROJECT=1 \
    POETRY_CACHE_DIR=/tmp/poetry_cache
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir "poetry==${POETRY_VERSION}"
WORKDIR /srv/ledger
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root && rm -rf $POETRY_CACHE_DIR

FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/srv/ledger/.venv \
    PATH="/srv/ledger/.venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=ledger.settings.production
COPY --from=builder /srv/ledger/.venv /srv/ledger/.venv
COPY . /srv/ledger
WORKDIR /srv/ledger
# label: layer-rewrite
RUN groupadd --system ledger \
    && useradd --system --gid ledger --no-create-home ledger \
    && chown -R ledger:ledger /srv/ledger
USER ledger
EXPOSE 8000
CMD ["gunicorn", "ledger.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
