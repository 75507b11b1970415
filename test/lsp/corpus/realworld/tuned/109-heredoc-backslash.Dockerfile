# syntax=docker/dockerfile:1
FROM python:3.12-slim
# label: layer-cache
RUN <<EOF
set -e
pip install gunicorn==22.0.0
find /usr/local -depth \( -name __pycache__ -o -name "*.pyc" \) -exec rm -rf "{}" +
EOF
