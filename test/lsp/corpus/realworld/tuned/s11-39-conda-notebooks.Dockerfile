FROM continuumio/miniconda3:24.1.2-0

WORKDIR /work
COPY environment.yml .
RUN conda env create -f environment.yml && conda clean -afy

SHELL ["conda", "run", "-n", "notebooks", "/bin/bash", "-c"]
RUN pip install --no-cache-dir jupyterlab-git==0.50.0

COPY notebooks/ ./notebooks/
EXPOSE 8888
CMD ["conda", "run", "--no-capture-output", "-n", "notebooks", "jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--allow-root"]
