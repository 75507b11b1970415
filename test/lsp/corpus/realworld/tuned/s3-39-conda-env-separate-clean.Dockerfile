# Modelled on: conda/miniconda scientific images (environment.yml, conda install from conda-forge, conda clean -afy)
FROM continuumio/miniconda3:24.5.0-0
COPY environment.yml /tmp/environment.yml
# label: layer-cache, layer-deleted-later
RUN conda env create -f /tmp/environment.yml -n analysis
RUN conda install -y -n analysis -c conda-forge jupyterlab=4.2 && conda clean -afy
SHELL ["conda", "run", "-n", "analysis", "/bin/bash", "-c"]
RUN pip install --no-cache-dir example-nbplugin==0.3.1
WORKDIR /home/analyst
EXPOSE 8888
CMD ["conda", "run", "--no-capture-output", "-n", "analysis", "jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
