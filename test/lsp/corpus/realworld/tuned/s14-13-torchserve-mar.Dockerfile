FROM pytorch/torchserve:0.10.0-cpu AS archiver
USER root
WORKDIR /build
COPY handler.py model_def.py ./
COPY weights/resnet50-finetuned.pt ./
RUN torch-model-archiver --model-name classifier --version 1.2 \
      --model-file model_def.py --serialized-file resnet50-finetuned.pt \
      --handler handler.py --export-path /build/store

FROM pytorch/torchserve:0.10.0-cpu
USER root
RUN pip install --no-cache-dir captum==0.7.0
# the .mar is unpacked by torchserve at start, not here
COPY --from=archiver /build/store/classifier.mar /home/model-server/model-store/
COPY config.properties /home/model-server/
# label: layer-rewrite
RUN chown model-server /home/model-server/config.properties
USER model-server
CMD ["torchserve", "--start", "--ncs", "--model-store", "/home/model-server/model-store", "--models", "classifier=classifier.mar", "--ts-config", "/home/model-server/config.properties"]
