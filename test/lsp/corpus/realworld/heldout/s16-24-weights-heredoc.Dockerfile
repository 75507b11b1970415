# syntax=docker/dockerfile:1.6
FROM python:3.11-slim
ENV PIP_NO_CACHE_DIR=1
WORKDIR /srv
COPY requirements.txt .
RUN pip install -r requirements.txt

ARG WEIGHTS_URL=https://example.org/models/resnet-small.tar.gz
RUN <<EOF
set -e
python -c "import urllib.request as u; u.urlretrieve('${WEIGHTS_URL}', '/tmp/w.tar.gz')"
mkdir -p models
tar -xzf /tmp/w.tar.gz -C models
rm -f /tmp/w.tar.gz
EOF

COPY . .
CMD ["uvicorn", "serve:app", "--host", "0.0.0.0"]
