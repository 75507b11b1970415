FROM python:3.12-slim-bookworm

ENV PYTHONUNBUFFERED=1

WORKDIR /srv/classifier

COPY requirements.txt .
RUN pip install --no-cache -r requirements.txt

# tokenizer and label maps published with each model release
# label: layer-archive
ADD https://models.example.com/releases/tokenizer-v3.tar.gz /opt/
RUN tar -xzf /opt/tokenizer-v3.tar.gz -C /opt/

COPY src/ ./src/

# label: layer-secret
COPY deploy/gcp-service-account.json /var/secrets/google/key.json
ENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json

EXPOSE 8000
CMD ["uvicorn", "src.api:app", "--host", "0.0.0.0", "--port", "8000"]
