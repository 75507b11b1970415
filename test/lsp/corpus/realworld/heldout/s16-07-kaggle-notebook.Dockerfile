FROM jupyter/scipy-notebook:2023-10-20

USER root
RUN apt-get update && apt-get install -y --no-install-recommends graphviz \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
USER ${NB_UID}

# label: layer-cache
RUN mamba install -y -c conda-forge lightgbm shap xgboost && mamba clean --tarballs -y
RUN pip install --no-cache-dir kaggle optuna

COPY --chown=${NB_UID}:${NB_GID} notebooks/ /home/jovyan/work/
