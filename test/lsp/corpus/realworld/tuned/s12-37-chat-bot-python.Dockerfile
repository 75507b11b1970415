FROM python:3.12-slim-bookworm

# label: layer-deleted-later
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libffi-dev libjpeg62-turbo-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /bot
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN apt-get purge -y build-essential libffi-dev libjpeg62-turbo-dev && apt-get autoremove -y

COPY bot ./bot
# label: layer-secret
COPY config/homeserver.signing.key /bot/data/
ENV BOT_SIGNING_KEY=/bot/data/homeserver.signing.key
CMD ["python", "-m", "bot"]
