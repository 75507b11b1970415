FROM mambaorg/micromamba:1.5.8

COPY --chown=$MAMBA_USER:$MAMBA_USER env.yaml /tmp/env.yaml
RUN micromamba install -y -n base -f /tmp/env.yaml && \
    micromamba clean --all --yes

ARG MAMBA_DOCKERFILE_ACTIVATE=1
RUN pip install --no-cache-dir "dask[distributed]==2024.5.2" bokeh==3.4.1

COPY --chmod=755 prepare.sh /usr/bin/prepare.sh

EXPOSE 8786 8787
ENTRYPOINT ["/usr/local/bin/_entrypoint.sh", "/usr/bin/prepare.sh"]
CMD ["dask-scheduler"]
