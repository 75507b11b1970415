FROM python:3.11-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
RUN npm install -g configurable-http-proxy@4.6.1 && npm cache clean --force
RUN pip install --no-cache-dir jupyterhub==4.1.5 oauthenticator==16.3.0 dockerspawner==13.0.0

WORKDIR /srv/jupyterhub
COPY jupyterhub_config.py .
# label: layer-secret
COPY jupyterhub_cookie_secret .
# label: layer-rewrite
RUN chmod 600 jupyterhub_cookie_secret

EXPOSE 8000
CMD ["jupyterhub", "-f", "/srv/jupyterhub/jupyterhub_config.py"]
