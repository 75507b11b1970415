FROM nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04

ENV CONDA_DIR=/opt/conda
ENV PATH=${CONDA_DIR}/bin:$PATH

RUN apt-get update \
    && apt-get install -y --no-install-recommends wget bzip2 ca-certificates git \
    && rm -rf /var/lib/apt/lists/*

RUN wget -q https://repo.example.com/miniconda/Miniconda3-py311_24.4.0-0-Linux-x86_64.sh -O /tmp/miniconda.sh \
    && bash /tmp/miniconda.sh -b -p ${CONDA_DIR} \
    && rm /tmp/miniconda.sh \
    && conda clean --all --yes

# only the tarballs are cleaned; extracted packages and the index stay
# label: layer-cache
RUN conda install -y -c pytorch -c nvidia pytorch=2.2 pytorch-cuda=11.8 \
    && conda clean --tarballs -y

RUN pip install --no-cache-dir lightning==2.3.0 wandb==0.17.2

WORKDIR /opt/train
COPY train/ ./
CMD ["python", "fit.py", "--config", "configs/base.yaml"]
