FROM continuumio/miniconda3:24.5.0-0

WORKDIR /opt/notebooks
COPY environment.yml .
# label: layer-cache, layer-deleted-later
RUN conda env update -n base -f environment.yml

# one clean at the end clears the package cache of both installs
RUN conda install -y -c conda-forge jupyterlab=4.2 ipywidgets && conda clean -afy

COPY notebooks/ ./
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--allow-root"]
