# nightly ETL job for the warehouse team
FROM mambaorg/micromamba:1.5.8
ENV TZ=UTC
COPY --chown=$MAMBA_USER:$MAMBA_USER env.yaml /tmp/env.yaml
RUN micromamba install -y -n base -f /tmp/env.yaml \
    && micromamba clean --all --yes
ARG MAMBA_DOCKERFILE_ACTIVATE=1
WORKDIR /home/mambauser/etl
COPY --chown=$MAMBA_USER:$MAMBA_USER etl/ ./
ENV ETL_CONFIG=/home/mambauser/etl/etl.yaml
CMD ["python", "run_etl.py"]
