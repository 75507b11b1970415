FROM python:3.12-slim
RUN useradd -m app
USER app
WORKDIR /home/app
# label: layer-cache
RUN pip install --user requests
