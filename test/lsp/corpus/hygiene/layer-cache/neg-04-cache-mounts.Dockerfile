# syntax=docker/dockerfile:1
FROM debian:bookworm AS base
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends gcc
FROM node:20 AS web
WORKDIR /app
RUN --mount=type=cache,target=/root/.npm npm ci
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache/pip pip install numpy
