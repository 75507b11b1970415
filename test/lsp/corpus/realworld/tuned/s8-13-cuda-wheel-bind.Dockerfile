# syntax=docker/dockerfile:1.7
FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS wheels
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-pip python3-dev ninja-build \
    && rm -rf /var/lib/apt/lists/*
ENV TORCH_CUDA_ARCH_LIST="8.0;8.6;9.0"
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip3 wheel --wheel-dir /wheels .

FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-pip \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*
# the wheels are only mounted, never copied into a layer
RUN --mount=type=bind,from=wheels,source=/wheels,target=/tmp/wheels \
    pip3 install --no-cache-dir /tmp/wheels/*.whl
CMD ["python3", "-m", "fastkern.server"]
