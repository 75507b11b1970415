FROM rocker/r-ver:4.3.2

# label: layer-cache, layer-deleted-later
RUN apt-get update
RUN apt-get install -y libssl-dev libcurl4-openssl-dev libxml2-dev pandoc
RUN install2.r --error --skipinstalled tidyverse optparse here
RUN rm -rf /var/lib/apt/lists/*

COPY scripts/ /opt/pipeline/
# label: layer-rewrite
RUN chmod +x /opt/pipeline/*.R
ENV PATH=/opt/pipeline:$PATH
ENTRYPOINT ["run_qc.R"]
