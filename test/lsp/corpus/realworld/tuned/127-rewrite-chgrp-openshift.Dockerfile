FROM registry.access.redhat.com/ubi9/nodejs-20:1
COPY --chown=1001:0 . /opt/app-root/src
RUN npm ci --omit=dev && npm cache clean --force
USER 1001
