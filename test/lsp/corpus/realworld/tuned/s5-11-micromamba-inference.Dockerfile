# Modelled on: micromamba-based ML inference images using BuildKit cache mounts for the package cache
FROM mambaorg/micromamba:1.5.6
COPY --chown=$MAMBA_USER:$MAMBA_USER env.yaml /tmp/env.yaml
RUN --mount=type=cache,target=/opt/conda/pkgs,uid=57439 \
    micromamba install -y -n base -f /tmp/env.yaml
WORKDIR /srv/model
COPY --chown=$MAMBA_USER:$MAMBA_USER serve.py labels.txt ./
# label: layer-secret
COPY --chown=$MAMBA_USER:$MAMBA_USER hf_token.txt /home/mambauser/.cache/huggingface/token
EXPOSE 8000
CMD ["python", "serve.py"]
