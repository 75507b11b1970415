FROM ubuntu:22.04

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
        git wget flex bison gperf python3 python3-venv cmake ninja-build ccache \
        libffi-dev libssl-dev dfu-util libusb-1.0-0 ca-certificates \
    && rm -rf /var/lib/apt/lists/*

ARG SDK_REF=v5.2.2
ENV SDK_PATH=/opt/mcu-sdk

# label: layer-deleted-later
RUN git clone --recursive --depth 1 --branch ${SDK_REF} \
        https://git.example.org/mcu/mcu-sdk.git ${SDK_PATH}

# label: layer-cache
RUN cd ${SDK_PATH} \
    && python3 -m venv /opt/mcu-venv \
    && /opt/mcu-venv/bin/pip install -r requirements.txt

RUN <<EOF
set -e
find ${SDK_PATH} -name .git -prune -exec rm -rf {} \;
find ${SDK_PATH}/examples -name '*.md' -exec rm -f {} \;
EOF

ENV PATH=/opt/mcu-venv/bin:$PATH
WORKDIR /project
