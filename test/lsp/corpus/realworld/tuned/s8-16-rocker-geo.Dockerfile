FROM rocker/tidyverse:4.3.3

# apt-get clean empties the archives, the lists stay
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends \
      libgdal-dev libproj-dev libgeos-dev libudunits2-dev \
    && apt-get clean

RUN install2.r --error --skipinstalled sf terra leaflet tmap \
    && rm -rf /tmp/downloaded_packages

WORKDIR /home/rstudio/project
# label: layer-archive
COPY data/boundaries-2024.zip ./data/
RUN cd data && unzip -q boundaries-2024.zip -d boundaries

COPY --chown=rstudio:rstudio analysis/ ./analysis/
