FROM python:3.11-slim-bookworm

WORKDIR /srv/exporter
COPY requirements.txt .
# label: layer-cache
RUN ["pip", "install", "-r", "requirements.txt"]

COPY exporter/ ./exporter/
# label: layer-secret
COPY deploy/gcp-service-account.json /srv/exporter/keys/
COPY deploy/ca-bundle.pem /srv/exporter/keys/ca-bundle.pem

ENV GOOGLE_APPLICATION_CREDENTIALS=/srv/exporter/keys/gcp-service-account.json \
    EXPORTER_PORT=9105
EXPOSE 9105
CMD ["python", "-m", "exporter", "--port", "9105"]
