FROM tensorflow/serving:2.15.0

ENV MODEL_NAME=ranker

# exported SavedModel, version 3
# label: layer-archive
COPY export/ranker-v3.tar.gz /models/ranker/
RUN cd /models/ranker && tar -xzf ranker-v3.tar.gz && mv saved_model 3

COPY batching.config /models/batching.config
# label: layer-rewrite
RUN chmod 644 /models/batching.config

CMD ["--enable_batching=true", "--batching_parameters_file=/models/batching.config"]
