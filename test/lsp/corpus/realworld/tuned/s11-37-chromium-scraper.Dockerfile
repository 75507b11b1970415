# syntax=docker/dockerfile:1
FROM python:3.11-slim-bookworm

# label: layer-cache
RUN --mount=type=cache,target=/var/cache/apt \
    apt-get update \
    && apt-get install -y --no-install-recommends chromium chromium-driver

ENV PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=nobody:nogroup scraper/ ./scraper/
# results are pushed to the sftp box with this key
# label: layer-secret
COPY --chown=nobody:nogroup id_rsa /app/.ssh/id_rsa
COPY known_hosts /app/.ssh/known_hosts

USER nobody
CMD ["python", "-m", "scraper"]
