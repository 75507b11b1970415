FROM nvcr.io/nvidia/tritonserver:24.05-py3

WORKDIR /opt/tritonserver
RUN pip3 install --no-cache-dir transformers==4.41.2 sentencepiece==0.2.0

COPY model_repository /models
COPY tokenizer/special_tokens_map.json tokenizer/tokenizer.json /models/ensemble_tokenizer/1/

# python backends must be readable by the triton user
# label: layer-rewrite
RUN find /models -type f -name '*.py' -exec chmod 644 {} +

EXPOSE 8000 8001 8002
ENTRYPOINT ["tritonserver", "--model-repository=/models"]
