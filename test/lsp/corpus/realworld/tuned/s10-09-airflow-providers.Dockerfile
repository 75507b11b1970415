FROM apache/airflow:2.9.3-python3.11

USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends libpq-dev gcc krb5-user \
  && apt-get autoremove -yqq --purge \
  && apt-get clean \
  && rm -rf /var/lib/apt/lists/*

USER airflow
ARG CONSTRAINT_URL="https://raw.example.com/airflow/constraints-2.9.3/constraints-3.11.txt"
COPY requirements.txt /requirements.txt
RUN pip install --no-cache-dir "apache-airflow==2.9.3" -r /requirements.txt --constraint "${CONSTRAINT_URL}"

# dbt for the transform DAGs
# label: layer-cache
RUN pip install --user dbt-core==1.8.3 dbt-postgres==1.8.2

COPY --chown=airflow:root dags/ /opt/airflow/dags/
COPY --chown=airflow:root plugins/ /opt/airflow/plugins/
