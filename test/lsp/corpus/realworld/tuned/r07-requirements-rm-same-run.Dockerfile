FROM jupyter/minimal-notebook:python-3.11
USER root
# label: layer-cache
RUN apt-get update && apt-get install -yq --no-install-recommends build-essential
# label: layer-deleted-later
COPY requirements.txt .
# label: layer-cache
RUN pip install -r requirements.txt && rm -f requirements.txt
