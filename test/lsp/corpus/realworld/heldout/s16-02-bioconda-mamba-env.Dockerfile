FROM continuumio/miniconda3:23.10.0-1
LABEL maintainer="lab-bioinfo@example.org"

# label: layer-cache, layer-deleted-later
RUN conda install -n base -c conda-forge mamba -y

COPY environment.yml /tmp/environment.yml
RUN mamba env create -n varcall -f /tmp/environment.yml \
    && mamba clean --all -y

ENV PATH=/opt/conda/envs/varcall/bin:$PATH
WORKDIR /data
CMD ["snakemake", "--help"]
