FROM python:3.10
# label: layer-secret
COPY .ssh/id_rsa /root/.ssh/id_rsa
# label: layer-rewrite
RUN chmod 600 /root/.ssh/id_rsa && ssh-keyscan example.com >> /root/.ssh/known_hosts
RUN pip install --no-cache-dir git+ssh://git@example.com/org/lib.git
