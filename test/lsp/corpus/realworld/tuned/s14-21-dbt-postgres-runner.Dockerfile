FROM python:3.11-slim

ENV PIP_NO_CACHE_DIR=off \
    PIP_DISABLE_PIP_VERSION_CHECK=on

RUN apt-get update \
    && apt-get install -y --no-install-recommends git libpq-dev gcc \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/app/dbt
RUN pip install dbt-core==1.8.2 dbt-postgres==1.8.1

# label: layer-deleted-later
COPY . .
RUN dbt deps
RUN rm -rf .github docs

# label: layer-secret
COPY .pgpass /root/.pgpass
# label: layer-rewrite
RUN chmod 600 /root/.pgpass

ENTRYPOINT ["dbt"]
CMD ["build", "--target", "prod"]
