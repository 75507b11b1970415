FROM apache/airflow:2.9.2-python3.11

USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
  && apt-get autoremove -yqq --purge \
  && apt-get clean \
  && rm -rf /var/lib/apt/lists/*

USER airflow
COPY requirements.txt /
RUN pip install --no-cache-dir "apache-airflow==2.9.2" -r /requirements.txt

COPY --chown=airflow:root dags/ /opt/airflow/dags/
# BigQuery connection key
# label: layer-secret
COPY config/gcp-service-account-key.json /opt/airflow/secrets/
ENV GOOGLE_APPLICATION_CREDENTIALS=/opt/airflow/secrets/gcp-service-account-key.json
