FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.4.0 /uv /usr/local/bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
# label: layer-cache
RUN uv sync --frozen --no-dev
