# Modelled on: data-pipeline images that pull private packages (netrc for a private index, removed in a later step)
FROM python:3.12-slim
WORKDIR /pipeline
# label: layer-secret, layer-deleted-later
COPY .netrc /root/.netrc
RUN pip install --no-cache-dir --index-url https://pypi.example.com/simple/ pipeline-core==2.3.0
RUN rm /root/.netrc
COPY deploy/id_ed25519.pub /root/.ssh/authorized_keys
COPY .env.example .env
COPY pipeline ./pipeline
CMD ["python", "-m", "pipeline"]
