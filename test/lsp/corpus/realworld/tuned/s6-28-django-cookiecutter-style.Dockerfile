FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# label: layer-cache
RUN apt-get update && apt-get install --no-install-recommends -y \
    libpq5 \
    gettext \
    && apt-get clean

RUN addgroup --system django \
    && adduser --system --ingroup django --home /app django

WORKDIR /app

COPY requirements/ requirements/
RUN pip install -r requirements/production.txt

COPY docker/production/entrypoint.sh /entrypoint.sh
# label: layer-rewrite
RUN sed -i 's/\r$//g' /entrypoint.sh \
    && chmod +x /entrypoint.sh

# label: layer-secret
COPY docker/production/pgpass /root/.pgpass

COPY --chown=django:django . /app

RUN python manage.py compilemessages

USER django
ENTRYPOINT ["/entrypoint.sh"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:5000"]
