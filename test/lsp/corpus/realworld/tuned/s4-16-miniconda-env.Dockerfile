# Modelled on: scientific Python images on miniconda (environment.yml, mamba added to base, conda clean)
FROM continuumio/miniconda3:24.3.0-0
COPY environment.yml /tmp/environment.yml
# label: layer-cache, layer-deleted-later
RUN conda env create -f /tmp/environment.yml
RUN conda install -n base -c conda-forge -y mamba=1.5.8 && conda clean -afy
ENV PATH=/opt/conda/envs/geo/bin:$PATH
WORKDIR /work
COPY notebooks/ ./notebooks/
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
