FROM python:3.11-slim

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/root/.local/bin:$PATH

RUN apt-get update && apt-get install -y --no-install-recommends openssh-client sshpass git \
    && rm -rf /var/lib/apt/lists/*

# label: layer-deleted-later
COPY requirements.txt /tmp/
# label: layer-cache
RUN pip install --user -r /tmp/requirements.txt
RUN rm /tmp/requirements.txt

WORKDIR /ansible
COPY ansible.cfg ./
COPY inventory/ ./inventory/
COPY playbooks/ ./playbooks/
# label: layer-secret
COPY vault-password.txt /ansible/.vault_pass

ENV ANSIBLE_VAULT_PASSWORD_FILE=/ansible/.vault_pass
ENTRYPOINT ["ansible-playbook"]
