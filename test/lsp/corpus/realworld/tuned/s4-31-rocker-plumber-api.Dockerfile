# Modelled on: rocker-based R API images (apt system libraries, install2.r with downloaded packages removed, plumber app)
FROM rocker/r-ver:4.4.1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4-openssl-dev libxml2-dev libssl-dev libsodium-dev \
    && rm -rf /var/lib/apt/lists/*
RUN install2.r --error --skipinstalled plumber data.table jsonlite \
    && rm -rf /tmp/downloaded_packages
COPY api/ /srv/api/
# label: layer-rewrite
RUN chmod 0644 /srv/api/plumber.R
EXPOSE 8000
CMD ["R", "-e", "pr <- plumber::plumb('/srv/api/plumber.R'); pr$run(host='0.0.0.0', port=8000)"]
