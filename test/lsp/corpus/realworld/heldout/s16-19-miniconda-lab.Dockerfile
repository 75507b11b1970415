FROM ubuntu:20.04
ARG MINICONDA=Miniconda3-py310_23.11.0-2-Linux-x86_64.sh

RUN apt-get update && apt-get install -y --no-install-recommends wget ca-certificates bzip2 \
    && rm -rf /var/lib/apt/lists/*

RUN wget -q https://example.com/miniconda/${MINICONDA} -O /tmp/miniconda.sh \
    && bash /tmp/miniconda.sh -b -p /opt/conda \
    && rm /tmp/miniconda.sh \
    && /opt/conda/bin/conda clean -afy
ENV PATH=/opt/conda/bin:$PATH

COPY environment.yml /tmp/
# label: layer-cache, layer-deleted-later
RUN conda env create -f /tmp/environment.yml
RUN conda clean -a -y

SHELL ["conda", "run", "-n", "scrna", "/bin/bash", "-c"]
