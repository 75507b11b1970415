# syntax=docker/dockerfile:1.7
FROM python:3.11-slim-bookworm AS deps
WORKDIR /build
COPY requirements.txt .
# label: layer-cache
RUN pip install --prefix=/install -r requirements.txt

FROM python:3.11-slim-bookworm
ENV AIRFLOW_HOME=/opt/airflow
COPY --from=deps /install /usr/local
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install apache-airflow-providers-http==4.11.0

RUN useradd -m -d /opt/airflow -u 50000 airflow
WORKDIR /opt/airflow
COPY --chown=airflow:root airflow.cfg ./airflow.cfg
COPY --chown=airflow:root .env.example ./.env.example
# the GCS hook reads this at start-up
# label: layer-secret
COPY --chown=airflow:root connections/gcp-service-account.json ./secrets/

USER airflow
CMD ["airflow", "scheduler"]
