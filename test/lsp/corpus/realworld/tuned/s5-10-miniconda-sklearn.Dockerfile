# Modelled on: data-science images installing Miniconda into /opt/conda on Ubuntu, then conda packages
FROM ubuntu:22.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates bzip2 \
    && rm -rf /var/lib/apt/lists/*
ENV CONDA_DIR=/opt/conda
RUN curl -fsSL -o /tmp/miniconda.sh https://repo.example.com/miniconda/Miniconda3-py311_24.1.2-0-Linux-x86_64.sh \
    && bash /tmp/miniconda.sh -b -p "$CONDA_DIR" \
    && rm /tmp/miniconda.sh
ENV PATH=/opt/conda/bin:$PATH
# label: layer-cache, layer-deleted-later
RUN conda install -y -c conda-forge numpy=1.26 pandas=2.2 scikit-learn=1.4
COPY environment.yml /tmp/environment.yml
RUN conda env update -n base -f /tmp/environment.yml && conda clean -afy
WORKDIR /workspace
CMD ["python"]
