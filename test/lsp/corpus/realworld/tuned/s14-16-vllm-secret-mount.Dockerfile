# syntax=docker/dockerfile:1.6
FROM vllm/vllm-openai:v0.6.1

ARG MODEL_ID=example-org/coder-1.5b
ENV HF_HOME=/srv/hf

# the token never lands in a layer: it is a build secret
RUN --mount=type=secret,id=hf_token \
    --mount=type=cache,target=/root/.cache/pip \
    pip install "huggingface_hub[hf_transfer]==0.24.5" \
 && HF_TOKEN="$(cat /run/secrets/hf_token)" HF_HUB_ENABLE_HF_TRANSFER=1 \
    huggingface-cli download "$MODEL_ID" --local-dir /srv/models/coder

COPY chat_template.jinja /srv/models/coder/
COPY tls/server-chain.crt /etc/ssl/certs/vllm-chain.crt

ENV HF_HUB_OFFLINE=1
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "/srv/models/coder", "--chat-template", "/srv/models/coder/chat_template.jinja"]
