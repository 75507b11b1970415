# Modelled on: Python web application repos on python:slim (apt build deps, pip requirements, entrypoint script, gunicorn)
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /srv/ledger
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && apt-get clean
COPY requirements.txt .
RUN pip install --no-cache -r requirements.txt
COPY . .
COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh
# label: layer-rewrite
RUN chmod +x /usr/local/bin/entrypoint.sh
RUN useradd --create-home ledger
USER ledger
EXPOSE 8000
ENTRYPOINT ["entrypoint.sh"]
CMD ["gunicorn", "ledger.wsgi:application", "-b", "0.0.0.0:8000"]
