FROM python:3.12-alpine

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /bot

# voice support needs ffmpeg and opus
RUN apk add --no-cache ffmpeg opus libsodium

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=1000:1000 cogs/ ./cogs/
COPY --chown=1000:1000 bot.py ./
# template only, the real token comes from the environment at run time
COPY .env.example ./.env.example

USER 1000
CMD ["python", "bot.py"]
