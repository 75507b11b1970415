FROM python:3.12-slim-bookworm AS builder
ENV POETRY_VERSION=1.8.3 \
    POETRY_VIRTUALENVS_IN_PROJECT=1 \
    POETRY_NO_INTERACTION=1
RUN pip install --no-cache-dir "poetry==${POETRY_VERSION}"
WORKDIR /src
COPY pyproject.toml poetry.lock ./
# label: layer-cache
RUN poetry install --only main --no-root

FROM python:3.12-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr ghostscript \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=builder /src/.venv ./.venv
COPY docsvault ./docsvault
ENV PATH="/src/.venv/bin:$PATH"
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "docsvault.wsgi"]
