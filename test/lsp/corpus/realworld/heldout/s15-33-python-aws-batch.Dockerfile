FROM python:3.10-slim

ENV AWS_SHARED_CREDENTIALS_FILE=/root/.aws/credentials

# label: layer-secret
COPY .aws/credentials /root/.aws/credentials
COPY .aws/config /root/.aws/config

# prebuilt wheels from the CI cache
# label: layer-archive
COPY vendor/wheels.tar.gz /tmp
RUN mkdir /wheels \
    && tar -xzf /tmp/wheels.tar.gz -C /wheels \
    && pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl \
    && rm -rf /wheels

WORKDIR /job
COPY job.py .
CMD ["python", "job.py"]
