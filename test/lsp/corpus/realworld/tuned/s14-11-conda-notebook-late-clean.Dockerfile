FROM continuumio/miniconda3:24.1.2-0

# label: layer-deleted-later
COPY environment.yml requirements-extra.txt /tmp/env/

# label: layer-cache, layer-deleted-later
RUN conda env update -n base -f /tmp/env/environment.yml
# label: layer-cache, layer-deleted-later
RUN pip install -r /tmp/env/requirements-extra.txt

# tidy up
RUN conda clean -afy && pip cache purge && rm -rf /tmp/env

EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--allow-root"]
