FROM quay.io/jupyter/base-notebook:2024-06-17
COPY ./requirements.txt /home/jovyan/work
USER root
# label: layer-cache
RUN apt-get update && apt-get install -y gcc
RUN pip install --no-cache -r /home/jovyan/work/requirements.txt
