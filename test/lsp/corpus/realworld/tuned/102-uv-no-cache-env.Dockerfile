FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.4.0 /uv /usr/local/bin/uv
ENV UV_NO_CACHE=1 UV_COMPILE_BYTECODE=1
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
