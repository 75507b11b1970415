FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04

RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip git curl unzip \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/infer
COPY requirements.txt .
RUN pip3 install --no-cache-dir -r requirements.txt

ARG WHEEL=fastattn-2.6.0-cp310-cp310-linux_x86_64.whl
# label: layer-archive
RUN curl -fsSLO "https://dl.example.com/wheels/${WHEEL}" \
 && unzip -q "${WHEEL}" -d /usr/local/lib/python3.10/dist-packages

COPY model/special_tokens_map.json model/tokenizer_config.json ./model/
# label: layer-secret
COPY hf_token.txt /root/.cache/huggingface/token
# label: layer-secret
COPY .git-credentials /root/.git-credentials
RUN git config --global credential.helper store

COPY server.py .
EXPOSE 8000
CMD ["python3", "server.py"]
