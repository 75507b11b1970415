FROM python:3.12-slim
COPY requirements.txt /tmp/requirements.txt
RUN set -ex \
    && buildDeps="gcc libpq-dev" \
    && apt-get update \
    && apt-get install -y --no-install-recommends $buildDeps \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && apt-get purge -y --auto-remove $buildDeps \
    && rm -rf /var/lib/apt/lists/*
