# syntax=docker/dockerfile:1.6
FROM python:3.12-slim

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends libpq5
rm -rf /var/lib/apt/lists/*
EOF

WORKDIR /srv/app
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt

COPY . .
RUN useradd -r appuser \
    && mkdir -p /srv/app/instance \
    && chown appuser /srv/app/instance

USER appuser
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "wsgi:app"]
