FROM quay.io/jupyter/r-notebook:2024-06-10

USER root
RUN apt-get update --yes && \
    apt-get install --yes --no-install-recommends libxml2-dev unzip && \
    apt-get clean && rm -rf /var/lib/apt/lists/*

USER ${NB_UID}
RUN mamba install --yes 'r-tidymodels' 'r-arrow' && \
    mamba clean --all -f -y && \
    fix-permissions "${CONDA_DIR}" && \
    fix-permissions "/home/${NB_USER}"

COPY notebooks/ /home/${NB_USER}/work/
# label: layer-archive
ADD https://data.example.org/datasets/census-2020.zip /home/${NB_USER}/work/

USER root
RUN cd /home/${NB_USER}/work && unzip -q census-2020.zip
# label: layer-rewrite
RUN chown -R ${NB_UID}:${NB_GID} /home/${NB_USER}/work
USER ${NB_UID}
