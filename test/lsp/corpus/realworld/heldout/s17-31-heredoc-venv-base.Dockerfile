# syntax=docker/dockerfile:1.7
FROM debian:bookworm-slim
# label: layer-cache
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv tini
python3 -m venv /opt/venv
EOF
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt
WORKDIR /srv/reporter
COPY reporter/ ./
ENTRYPOINT ["tini", "--", "python", "-m", "reporter"]
