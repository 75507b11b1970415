FROM quay.io/jupyter/scipy-notebook:2024-05-27

USER root
RUN apt-get update --yes \
    && apt-get install --yes --no-install-recommends graphviz \
    && apt-get clean && rm -rf /var/lib/apt/lists/*

ENV DATA_URL=https://data.example.org/course/climate-sample-2023.tar.gz
WORKDIR /opt/course-data
# the tarball is moved aside, not deleted
# label: layer-archive
RUN wget -q "${DATA_URL}" \
    && tar -xf climate-sample-2023.tar.gz \
    && mkdir -p /opt/archive \
    && mv climate-sample-2023.tar.gz /opt/archive/

USER ${NB_UID}
# label: layer-cache
RUN mamba install --yes 'xarray=2024.5' 'netcdf4' 'cartopy'
RUN pip install --no-cache-dir 'nbgitpuller==1.2.1'

COPY --chown=${NB_UID}:${NB_GID} course/ /home/${NB_USER}/course/
WORKDIR /home/${NB_USER}/course
