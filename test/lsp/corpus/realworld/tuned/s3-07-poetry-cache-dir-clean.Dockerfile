# Modelled on: poetry images with an explicit POETRY_CACHE_DIR, a cache mount and an in-RUN cleanup (blog-post recipes, app repos)
FROM python:3.12-slim AS runtime
ENV POETRY_HOME=/opt/poetry \
    POETRY_CACHE_DIR=/tmp/poetry_cache \
    POETRY_VIRTUALENVS_IN_PROJECT=1 \
    POETRY_NO_INTERACTION=1
RUN pip install --no-cache-dir poetry==1.8.2
WORKDIR /app
COPY pyproject.toml poetry.lock README.md ./
RUN --mount=type=cache,target=/tmp/poetry_cache poetry install --without dev --no-root
COPY src ./src
RUN poetry install --without dev && rm -rf $POETRY_CACHE_DIR
ENV PATH="/app/.venv/bin:$PATH"
ENTRYPOINT ["ledgerd"]
