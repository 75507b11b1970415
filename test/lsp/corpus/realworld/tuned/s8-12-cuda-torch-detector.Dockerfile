FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-pip python3-venv git \
    && rm -rf /var/lib/apt/lists/*

# big wheels, and pip keeps a second copy of each in ~/.cache/pip
# label: layer-cache
RUN pip3 install torch==2.3.1 torchvision==0.18.1 \
        --index-url https://download.pytorch.org/whl/cu121

COPY requirements.txt /opt/svc/
RUN pip3 install --no-cache-dir -r /opt/svc/requirements.txt

# remote ADD does not unpack
# label: layer-archive, layer-deleted-later
ADD https://models.example.com/detector/detector-v3.tar.gz /opt/models/
RUN tar -xzf /opt/models/detector-v3.tar.gz -C /opt/models \
    && rm /opt/models/detector-v3.tar.gz

COPY svc/ /opt/svc/
WORKDIR /opt/svc
CMD ["python3", "-m", "detector.api"]
