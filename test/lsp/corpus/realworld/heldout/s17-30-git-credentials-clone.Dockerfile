FROM python:3.10-slim
RUN apt-get update && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
# label: layer-secret, layer-deleted-later
COPY ci/.git-credentials /root/.git-credentials
RUN git config --global credential.helper store \
    && pip install --no-cache-dir "git+https://git.example.com/platform/feature-flags.git@v2.3.0"
# do not ship the token
RUN rm /root/.git-credentials
WORKDIR /app
COPY . .
CMD ["python", "main.py"]
