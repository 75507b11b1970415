FROM rocker/r-ver:4.4.1

RUN apt-get update \
    && apt-get install -y --no-install-recommends libxml2-dev libcurl4-openssl-dev libssl-dev libsodium-dev \
    && rm -rf /var/lib/apt/lists/*

RUN install2.r --error --skipinstalled --ncpus -1 \
        plumber data.table jsonlite logger \
    && rm -rf /tmp/downloaded_packages /tmp/*.rds

WORKDIR /srv/api
COPY --chmod=0755 entrypoint.sh /usr/local/bin/entrypoint.sh
COPY plumber.R models.R ./
RUN useradd -r -d /srv/api plumber
USER plumber
EXPOSE 8000
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["Rscript", "-e", "pr <- plumber::plumb('/srv/api/plumber.R'); pr$run(host='0.0.0.0', port=8000)"]
