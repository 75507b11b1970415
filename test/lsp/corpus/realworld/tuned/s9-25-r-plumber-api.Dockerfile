FROM r-base:4.3.2

ARG PLUMBER_URL=https://cran.example.org/src/contrib/plumber_1.2.1.tar.gz

RUN apt-get update \
    && apt-get install -y --no-install-recommends libsodium-dev libcurl4-openssl-dev libssl-dev curl \
    && rm -rf /var/lib/apt/lists/*

RUN Rscript -e 'install.packages(c("jsonlite", "DBI", "RPostgres"), repos = "https://cran.example.org")'
RUN curl -fsSL -o /tmp/plumber.tar.gz "$PLUMBER_URL" \
    && R CMD INSTALL /tmp/plumber.tar.gz \
    && rm /tmp/plumber.tar.gz

COPY api/ /opt/api/
# label: layer-rewrite
RUN chmod -R go-w /opt/api
# label: layer-secret
COPY config/db-credentials.json /opt/api/config/
EXPOSE 8000
CMD ["Rscript", "/opt/api/run.R"]
