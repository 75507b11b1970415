FROM apache/superset:4.0.1

USER root
# label: layer-cache, layer-deleted-later
RUN apt-get update && apt-get install -y --no-install-recommends \
        default-libmysqlclient-dev pkg-config build-essential

RUN pip install --no-cache-dir mysqlclient==2.2.4 psycopg2-binary==2.9.9 \
 && apt-get purge -y build-essential

COPY --chown=superset:superset superset_config.py /app/pythonpath/
COPY --chown=superset:superset assets/logo-horizontal.png /app/superset/static/assets/images/
ENV SUPERSET_CONFIG_PATH=/app/pythonpath/superset_config.py

USER superset
