FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
# expect: layer-cache pip install --no-cache-dir
RUN pip install -r requirements.txt
# expect: layer-cache /root/.cache/pip
RUN python3 -m pip install --upgrade pip setuptools
