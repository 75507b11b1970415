# Modelled on: text-model serving images that ship the tokenizer files beside the model (Hugging Face tokenizer layouts: tokenizer.json, special_tokens_map.json, added_tokens.json)
FROM python:3.11-slim
ENV PIP_NO_CACHE_DIR=1
WORKDIR /srv/model
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY model/tokenizer.json model/special_tokens_map.json model/added_tokens.json model/vocab.txt ./model/
COPY web/csrf_token.txt ./web/
# label: layer-secret
COPY deploy/hf-deploy-token.txt /root/.cache/huggingface/token
COPY serve.py .
CMD ["python", "serve.py"]
