FROM rayproject/ray:2.23.0-py311

COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt

# label: layer-cache
RUN conda install -y -c conda-forge gdal=3.8

RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends libgl1 \
 && sudo rm -rf /var/lib/apt/lists/*

# sample data for the smoke job
# label: layer-archive
COPY data/sample-parquet.tar.gz /tmp
RUN mkdir -p /home/ray/data && tar -xzf /tmp/sample-parquet.tar.gz -C /home/ray/data

# label: layer-secret
COPY gcs-credentials.json /home/ray/.config/gcloud/application_default_credentials.json

WORKDIR /home/ray/app
COPY --chown=ray:users jobs/ ./jobs/
