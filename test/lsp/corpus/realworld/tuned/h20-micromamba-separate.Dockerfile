FROM mambaorg/micromamba:1.4.9
COPY --chown=$MAMBA_USER:$MAMBA_USER environment.yml /tmp/environment.yml
# label: layer-cache, layer-deleted-later
RUN micromamba install --yes --file /tmp/environment.yml
RUN micromamba clean --all --yes
