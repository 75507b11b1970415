FROM continuumio/miniconda3:24.1.2-0
COPY environment.yml /tmp/environment.yml
# label: layer-cache
RUN conda env create -f /tmp/environment.yml
SHELL ["conda", "run", "-n", "app", "/bin/bash", "-c"]
