FROM mambaorg/micromamba:1.5.8

COPY --chown=$MAMBA_USER:$MAMBA_USER env.lock.yml /tmp/env.yml
RUN micromamba install -y -n base -f /tmp/env.yml && \
    micromamba clean --all --yes

ARG MAMBA_DOCKERFILE_ACTIVATE=1
ENV PIP_NO_CACHE_DIR=1
RUN python -m pip install "tiler-utils==0.9.2"

WORKDIR /app
COPY --chown=$MAMBA_USER:$MAMBA_USER src/ ./src/
COPY --chown=$MAMBA_USER:$MAMBA_USER tiles.toml ./
EXPOSE 8000
CMD ["python", "-m", "src.serve", "--config", "tiles.toml"]
