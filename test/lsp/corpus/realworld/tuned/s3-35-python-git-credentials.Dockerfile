# Modelled on: Python services installing private packages from git over HTTPS (git credential store)
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
# label: layer-secret, layer-deleted-later
COPY .git-credentials /root/.git-credentials
RUN git config --global credential.helper store \
    && pip install --no-cache-dir -r requirements.txt \
    && rm /root/.git-credentials
COPY . .
CMD ["python", "-m", "pricing.api"]
