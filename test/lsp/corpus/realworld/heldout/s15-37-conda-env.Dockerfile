FROM continuumio/miniconda3:24.5.0-0

COPY environment.yml /tmp/environment.yml
# label: layer-cache
RUN conda env create -f /tmp/environment.yml \
    && conda clean --tarballs -y

ENV KUBECONFIG=/home/analyst/.kube/cluster.yaml
# label: layer-secret
COPY deploy/cluster.yaml /home/analyst/.kube/cluster.yaml

SHELL ["conda", "run", "-n", "pipeline", "/bin/bash", "-c"]
COPY pipeline/ /opt/pipeline/
CMD ["conda", "run", "-n", "pipeline", "python", "/opt/pipeline/main.py"]
