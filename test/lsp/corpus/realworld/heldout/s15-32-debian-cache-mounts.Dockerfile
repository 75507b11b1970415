# syntax=docker/dockerfile:1.6
FROM python:3.11-slim-bookworm

RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev

WORKDIR /app
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt

COPY --chmod=755 bin/start.sh /usr/local/bin/start.sh
COPY . .
CMD ["start.sh"]
