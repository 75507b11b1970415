FROM google/cloud-sdk:slim
# label: layer-secret
COPY keys/sa-key.json /secrets/
RUN gcloud auth activate-service-account --key-file=/secrets/sa-key.json
