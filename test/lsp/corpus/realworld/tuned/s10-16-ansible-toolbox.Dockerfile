FROM python:3.12-slim-bookworm

ENV ANSIBLE_HOST_KEY_CHECKING=False \
    ANSIBLE_COLLECTIONS_PATH=/usr/share/ansible/collections

RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-client sshpass git rsync \
 && rm -rf /var/lib/apt/lists/*

# label: layer-cache
RUN pip install ansible-core==2.17.1 jmespath netaddr pywinrm

# label: layer-deleted-later
COPY requirements.yml /tmp/requirements.yml
RUN ansible-galaxy collection install -r /tmp/requirements.yml -p ${ANSIBLE_COLLECTIONS_PATH} \
 && rm -rf /root/.ansible /tmp/requirements.yml

RUN mkdir -p /root/.ssh && chmod 700 /root/.ssh
COPY known_hosts /root/.ssh/known_hosts
# label: layer-secret
COPY deploy_id_ed25519 /root/.ssh/id_ed25519

WORKDIR /work
ENTRYPOINT ["ansible-playbook"]
