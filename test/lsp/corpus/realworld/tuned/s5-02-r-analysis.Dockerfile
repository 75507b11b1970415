# Modelled on: rocker/r-ver and rocker/verse analysis images installing CRAN packages with install2.r
FROM rocker/r-ver:4.3.2
RUN apt-get update \
    && apt-get install -y --no-install-recommends libxml2-dev libcurl4-openssl-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*
RUN install2.r --error --skipinstalled --ncpus -1 data.table ggplot2 arrow bigrquery \
    && rm -rf /tmp/downloaded_packages /tmp/*.rds
WORKDIR /home/analyst/project
COPY DESCRIPTION ./
# label: layer-secret
COPY config/bigquery-service-account.json /home/analyst/.config/gcloud/application_default_credentials.json
COPY R/ R/
CMD ["Rscript", "R/run_report.R"]
