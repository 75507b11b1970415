# Modelled on: python:*-slim worker images that disable pip's cache by environment (Celery/RQ worker repos)
FROM python:3.11-slim-bookworm
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONUNBUFFERED=1
RUN groupadd --gid 1000 worker && useradd --uid 1000 --gid worker --create-home worker
WORKDIR /opt/worker
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY --chown=1000:1000 worker/ ./worker/
COPY --chown=1000:1000 .env.example ./.env
COPY config/signing-key.pub /etc/worker/signing-key.pub
USER 1000
CMD ["python", "-m", "worker", "--concurrency", "4"]
