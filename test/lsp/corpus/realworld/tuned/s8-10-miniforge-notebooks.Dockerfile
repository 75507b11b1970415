FROM condaforge/miniforge3:24.3.0-0

ARG NB_USER=analyst
ARG NB_UID=1000

RUN useradd -m -s /bin/bash -u ${NB_UID} ${NB_USER}

COPY environment.yml /tmp/environment.yml
# conda keeps every downloaded tarball and the extracted packages in /opt/conda/pkgs
# label: layer-cache
RUN conda env update -n base -f /tmp/environment.yml

RUN pip install --no-cache-dir jupyterlab-git==0.50.1

WORKDIR /home/${NB_USER}/work
COPY notebooks/ ./notebooks/
# label: layer-rewrite
RUN chown -R ${NB_USER}:${NB_USER} /home/${NB_USER}/work/notebooks

USER ${NB_USER}
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
