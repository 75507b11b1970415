# syntax=docker/dockerfile:1.7
FROM python:3.12-slim-bookworm

COPY --from=ghcr.io/astral-sh/uv:0.4.20 /uv /bin/uv

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends libpq5 gettext
rm -rf /var/lib/apt/lists/*
EOF

WORKDIR /app
COPY requirements.lock ./
# label: layer-cache
RUN uv pip install --system -r requirements.lock

# label: layer-deleted-later
COPY . .

RUN <<EOF
set -eux
python manage.py compilemessages
python manage.py collectstatic --noinput
find /app -name '*.po' -delete
EOF

RUN useradd --system --home-dir /app web
USER web
CMD ["gunicorn", "shop.wsgi", "-b", "0.0.0.0:8000"]
