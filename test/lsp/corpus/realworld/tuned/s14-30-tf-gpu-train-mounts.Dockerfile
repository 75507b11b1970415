# syntax=docker/dockerfile:1
FROM tensorflow/tensorflow:2.16.1-gpu

# keep apt's downloads on cache mounts instead of in the layer
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
 && apt-get update \
 && apt-get install -y --no-install-recommends libsndfile1

WORKDIR /workspace
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt

COPY src/ src/
COPY configs/ configs/
RUN python -m compileall -q src
ENTRYPOINT ["python", "-m", "src.train"]
