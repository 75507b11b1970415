FROM python:3.12-slim
WORKDIR /job
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
# label: layer-secret
COPY gcp-credentials.json /job/gcp-credentials.json
ENV GOOGLE_APPLICATION_CREDENTIALS=/job/gcp-credentials.json
