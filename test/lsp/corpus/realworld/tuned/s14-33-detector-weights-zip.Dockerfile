FROM python:3.11-slim

RUN apt-get update && apt-get install -y --no-install-recommends curl unzip libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*

ENV WEIGHTS_URL=https://weights.example.com/releases/v2/detector-weights.zip
WORKDIR /srv/weights
# label: layer-archive, layer-deleted-later
RUN curl -LO "$WEIGHTS_URL" && unzip -q detector-weights.zip

RUN pip install --no-cache-dir ultralytics==8.2.48 fastapi==0.111.0 uvicorn==0.30.1
RUN rm detector-weights.zip

WORKDIR /srv
COPY labels.txt added_tokens.json ./
COPY api/ ./api/
CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8080"]
