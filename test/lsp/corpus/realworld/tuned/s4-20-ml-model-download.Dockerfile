# Modelled on: ML inference images (PIP_NO_CACHE_DIR in ENV, model archive URL in ARG, fetched and unpacked at build)
FROM python:3.11-slim
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /models
ARG MODEL_URL=https://models.example.org/sentiment/distil-sent-v3.tar.gz
# label: layer-archive, layer-deleted-later
RUN curl -fsSL -o model.tar.gz "$MODEL_URL" && tar -xzf model.tar.gz
RUN rm model.tar.gz
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY serve.py .
EXPOSE 9000
CMD ["python", "serve.py"]
