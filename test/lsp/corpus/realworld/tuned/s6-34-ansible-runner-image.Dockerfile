FROM ubuntu:22.04

ENV DEBIAN_FRONTEND=noninteractive

# label: layer-cache
RUN apt-get update && apt-get install -y python3-pip python3-venv git openssh-client sshpass \
    && pip3 install ansible-core==2.16.7 ansible-lint==24.6.0 jmespath

COPY ansible.cfg /etc/ansible/ansible.cfg
COPY inventories/ /work/inventories/
COPY playbooks/ /work/playbooks/

# label: layer-secret
COPY keys/ansible_deploy_key /root/.ssh/id_ed25519
COPY keys/ansible_deploy_key.pub /root/.ssh/id_ed25519.pub
# label: layer-rewrite
RUN chmod 600 /root/.ssh/id_ed25519

# for the dynamic inventory plugin
# label: layer-secret
COPY aws/credentials /root/.aws/credentials
COPY aws/config /root/.aws/config

WORKDIR /work
ENTRYPOINT ["ansible-playbook"]
