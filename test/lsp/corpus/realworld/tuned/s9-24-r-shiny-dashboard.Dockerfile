FROM rocker/r-ver:4.3.3

RUN apt-get update && apt-get install -y --no-install-recommends \
        libcurl4-openssl-dev libssl-dev libxml2-dev \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*

RUN install2.r --error --skipinstalled shiny bslib DT \
    && rm -rf /tmp/downloaded_packages

RUN useradd -r -m shiny
WORKDIR /srv/dash
COPY --chown=shiny:shiny app/ ./
COPY --chown=shiny:shiny data/ /srv/dash/data/
USER shiny
EXPOSE 3838
CMD ["R", "-e", "shiny::runApp('/srv/dash', host='0.0.0.0', port=3838)"]
