# CI image for the browser end-to-end suite
FROM python:3.11-bookworm
ENV PIP_NO_CACHE_DIR=off \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# label: layer-cache, layer-deleted-later
RUN apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver xvfb fonts-liberation
RUN pip install tox pytest pytest-xdist selenium==4.21.0
RUN apt-get clean && rm -rf /var/lib/apt/lists/*
WORKDIR /workspace
COPY tox.ini pyproject.toml ./
COPY tests/ ./tests/
ENTRYPOINT ["tox", "-e", "e2e"]
