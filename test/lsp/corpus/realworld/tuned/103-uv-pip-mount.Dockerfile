# syntax=docker/dockerfile:1
FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.4.0 /uv /usr/local/bin/uv
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system fastapi uvicorn
