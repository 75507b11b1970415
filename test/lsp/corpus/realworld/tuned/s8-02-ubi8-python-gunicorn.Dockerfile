FROM registry.access.redhat.com/ubi8/ubi:8.10

ENV APP_ROOT=/opt/app-root \
    PYTHONUNBUFFERED=1

# nodocs keeps the docs out, but nothing removes the dnf metadata
# label: layer-cache
RUN dnf install -y --setopt=tsflags=nodocs \
        python39 python39-pip python39-devel gcc

WORKDIR ${APP_ROOT}/src
COPY requirements.txt ./
# label: layer-cache
RUN pip3 install -r requirements.txt

COPY . .
# OpenShift runs with an arbitrary uid in group 0
# label: layer-rewrite
RUN chown -R 1001:0 ${APP_ROOT}/src && \
    chmod -R g=u ${APP_ROOT}/src

USER 1001
EXPOSE 8080
CMD ["python3", "-m", "gunicorn", "wsgi:app", "--bind", "0.0.0.0:8080", "--workers", "3"]
