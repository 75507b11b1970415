# Modelled on: heredoc-style RUN blocks in current Dockerfiles (docs trimmed with find, venv, inline config via COPY heredoc)
FROM debian:bookworm
# label: layer-cache
RUN <<'SH'
set -e
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv postgresql-client
find /usr/share/doc -depth -type f ! -name copyright \( -name '*.gz' -o -name '*.html' \) -delete
apt-get clean
SH
COPY <<EOF /etc/profile.d/venv.sh
export PATH=/opt/venv/bin:\$PATH
EOF
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir "psycopg[binary]==3.1.19"
COPY reports/ /opt/reports/
CMD ["/opt/venv/bin/python", "/opt/reports/nightly.py"]
