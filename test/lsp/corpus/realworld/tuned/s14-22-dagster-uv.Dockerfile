FROM python:3.12-slim-bookworm
COPY --from=ghcr.io/astral-sh/uv:0.4.18 /uv /uvx /bin/

WORKDIR /opt/dagster/app
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy

# dependencies first, with the uv cache on a mount
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-install-project --no-dev

COPY . .
# label: layer-cache
RUN uv sync --frozen --no-dev

ENV DAGSTER_HOME=/opt/dagster/home \
    PATH="/opt/dagster/app/.venv/bin:$PATH"
RUN mkdir -p $DAGSTER_HOME
COPY dagster.yaml workspace.yaml /opt/dagster/home/

EXPOSE 3000
CMD ["dagster-webserver", "-h", "0.0.0.0", "-p", "3000", "-w", "/opt/dagster/home/workspace.yaml"]
