FROM tensorflow/serving:2.14.1

ARG MODEL_URL=https://models.example.com/exports/sentiment/7.tar.gz

# stream the export straight into the version folder; curl goes away again
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
 && mkdir -p /models/sentiment/7 \
 && curl -fsSL "$MODEL_URL" | tar -xz -C /models/sentiment/7 \
 && apt-get purge -y curl && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*

COPY --chmod=0644 models.config /models/models.config
ENTRYPOINT ["tensorflow_model_server", "--port=8500", "--rest_api_port=8501", "--model_config_file=/models/models.config"]
