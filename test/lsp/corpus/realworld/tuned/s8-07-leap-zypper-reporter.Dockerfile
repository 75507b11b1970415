FROM opensuse/leap:15.6

# 'zypper clean' alone keeps the raw repository metadata
# label: layer-cache
RUN zypper --non-interactive refresh \
    && zypper --non-interactive install --no-recommends \
         python311 python311-pip postgresql16 tar gzip \
    && zypper clean

WORKDIR /srv/reporter
COPY requirements.txt .
RUN pip3.11 install --no-cache-dir -r requirements.txt
COPY reporter/ ./reporter/

RUN useradd -r -d /srv/reporter reporter
# label: layer-secret
COPY --chown=reporter:reporter --chmod=0600 pgpass /srv/reporter/.pgpass
USER reporter
CMD ["python3.11", "-m", "reporter", "--schedule", "hourly"]
