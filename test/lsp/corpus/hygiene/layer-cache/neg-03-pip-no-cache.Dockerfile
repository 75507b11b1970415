FROM python:3.12-slim
RUN pip install --no-cache-dir flask
RUN PIP_NO_CACHE_DIR=1 pip install gunicorn
RUN python -m pip install requests && pip cache purge
ENV PIP_NO_CACHE_DIR=1
RUN pip3 install uvicorn
