FROM rocker/r-ver:4.4.0
ENV PIP_NO_CACHE_DIR=1 \
    DEBIAN_FRONTEND=noninteractive

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-pip python3-venv libpq-dev \
    && rm -rf /var/lib/apt/lists/*

RUN pip3 install pandas==2.2.2 pyarrow==16.0.0 jupyterlab==4.2.0

RUN R -q -e 'install.packages(c("arrow", "data.table", "IRkernel"), repos = "https://packagemanager.example.com/cran/latest")' \
    && R -q -e 'IRkernel::installspec(user = FALSE)' \
    && rm -rf /tmp/downloaded_packages /tmp/Rtmp*

WORKDIR /work
COPY --chown=1000:1000 notebooks/ ./notebooks/
RUN mkdir -p /work/out && chown 1000:1000 /work/out
USER 1000
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
