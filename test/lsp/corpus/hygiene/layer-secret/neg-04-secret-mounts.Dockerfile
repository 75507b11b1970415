# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN --mount=type=secret,id=pypirc,target=/root/.pypirc \
    pip install --no-cache-dir --index-url https://pypi.example.com/simple private-lib
RUN --mount=type=ssh git clone git@github.com:example/private.git /src
