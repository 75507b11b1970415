FROM continuumio/miniconda3:24.1.2-0
WORKDIR /opt/scoring
COPY environment.yml /tmp/environment.yml
# label: layer-cache
RUN conda env create -f /tmp/environment.yml \
    && conda clean --tarballs -y
SHELL ["conda", "run", "-n", "scoring", "/bin/bash", "-c"]
COPY src/ ./src/
# label: layer-secret
COPY config/scorer-service-account.json /etc/scoring/gcp.json
ENV GOOGLE_APPLICATION_CREDENTIALS=/etc/scoring/gcp.json
EXPOSE 8501
ENTRYPOINT ["conda", "run", "--no-capture-output", "-n", "scoring", "python", "-m", "src.serve"]
