FROM python:3.12-slim
# label: layer-deleted-later
RUN pip install --no-cache-dir sphinx==7.3.7
COPY docs /docs
RUN sphinx-build /docs /site
RUN pip uninstall -y sphinx
