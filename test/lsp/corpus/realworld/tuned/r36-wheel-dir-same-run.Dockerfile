FROM python:3.12-slim
COPY --from=example/wheels:1 /wheels /tmp/wheels
