FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04

ENV CONDA_DIR=/opt/conda
ENV PATH=${CONDA_DIR}/bin:${PATH}
ARG MINIFORGE_URL=https://downloads.example.org/miniforge/Miniforge3-24.3.0-0-Linux-x86_64.sh

RUN apt-get update && apt-get install -y --no-install-recommends wget ca-certificates bzip2 git \
 && rm -rf /var/lib/apt/lists/*

# label: layer-deleted-later
RUN wget -q "$MINIFORGE_URL" -O /tmp/miniforge.sh
RUN bash /tmp/miniforge.sh -b -p ${CONDA_DIR} \
 && rm /tmp/miniforge.sh \
 && conda clean -afy

# label: layer-cache
RUN conda install -y -c pytorch -c nvidia pytorch=2.3 pytorch-cuda=12.1 torchvision
RUN pip install --no-cache-dir lightning==2.3.0 wandb==0.17.2

WORKDIR /workspace
COPY . /workspace
CMD ["python", "train.py"]
