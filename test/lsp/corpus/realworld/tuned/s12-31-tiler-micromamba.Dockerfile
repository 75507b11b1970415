FROM mambaorg/micromamba:1.5.8-bookworm-slim

COPY --chown=$MAMBA_USER:$MAMBA_USER env.yaml /tmp/env.yaml
RUN micromamba install -y -n base -f /tmp/env.yaml && \
    micromamba clean --all --yes

ARG MAMBA_DOCKERFILE_ACTIVATE=1
WORKDIR /home/mambauser/app
COPY --chown=$MAMBA_USER:$MAMBA_USER --chmod=0755 run.sh ./
COPY --chown=$MAMBA_USER:$MAMBA_USER src ./src
RUN python -c "import rasterio, fastapi"
EXPOSE 8000
CMD ["./run.sh"]
