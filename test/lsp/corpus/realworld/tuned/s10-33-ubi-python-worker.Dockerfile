FROM registry.access.redhat.com/ubi9/python-311:1-66

USER 0
RUN dnf install -y --nodocs postgresql \
 && dnf clean all \
 && rm -rf /var/cache/dnf
USER 1001

WORKDIR /opt/app-root/src
COPY requirements.txt ./
RUN pip install --no-cache -r requirements.txt
COPY --chown=1001:0 . ./
RUN python -m compileall -q worker

CMD ["python", "-m", "worker"]
