FROM python:3.11

WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# label: layer-secret
COPY deploy/exporter-service-account.json /srv/keys/
ENV GOOGLE_APPLICATION_CREDENTIALS=/srv/keys/exporter-service-account.json

CMD ["python", "-m", "worker"]
