FROM python:3.12-slim
WORKDIR /srv/app
# expect: layer-deleted-later part of what this COPY added
COPY . .
RUN rm -rf .git tests docs
CMD ["python", "-m", "app"]
