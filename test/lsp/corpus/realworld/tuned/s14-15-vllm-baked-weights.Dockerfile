FROM vllm/vllm-openai:v0.5.3

ENV HF_HOME=/models/hf
RUN pip install --no-cache-dir hf_transfer==0.1.6

# gated model: token needed only for the download below
# label: layer-secret, layer-deleted-later
COPY hf_token.txt /models/hf/token
RUN HF_HUB_ENABLE_HF_TRANSFER=1 huggingface-cli download example-org/chat-7b-instruct \
      --local-dir /models/chat-7b --exclude "*.pth"
RUN rm -f /models/hf/token

ENV HF_HUB_OFFLINE=1
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "/models/chat-7b", "--port", "8000"]
