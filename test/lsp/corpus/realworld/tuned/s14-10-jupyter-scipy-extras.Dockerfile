FROM quay.io/jupyter/scipy-notebook:2024-05-27

USER root
RUN apt-get update --yes && \
    apt-get install --yes --no-install-recommends graphviz && \
    apt-get clean && rm -rf /var/lib/apt/lists/*

USER ${NB_UID}
COPY --chown=${NB_UID}:${NB_GID} environment.yml /tmp/environment.yml
RUN mamba env update --name base --file /tmp/environment.yml && \
    mamba clean --all -f -y && \
    fix-permissions "${CONDA_DIR}" && \
    fix-permissions "/home/${NB_USER}"

# lab extensions
# label: layer-cache
RUN pip install jupyterlab-git==0.50.1 jupyter-resource-usage

WORKDIR "${HOME}"
