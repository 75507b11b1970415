FROM python:3.12-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=off \
    PIP_DISABLE_PIP_VERSION_CHECK=on

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends libpq5 gettext; \
    rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN ["pip", "install", "-r", "requirements.txt", "gunicorn==22.0.0"]

COPY --chown=1000:1000 . .
RUN python manage.py collectstatic --noinput && python manage.py compilemessages

USER 1000
EXPOSE 8000
CMD ["gunicorn", "bookclub.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
