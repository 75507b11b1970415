# Modelled on: deployment-runner images (ansible on python:alpine, cloud credentials baked in, offline collection bundle)
FROM python:3.11-alpine
RUN apk add --no-cache openssh-client git
# label: layer-cache
RUN pip install ansible-core==2.17.1 boto3==1.34.120
# label: layer-secret
COPY secrets/aws-credentials /root/.aws/credentials
COPY ansible/ /ansible/
WORKDIR /ansible
# label: layer-archive
COPY vendor/collections.tar.gz /tmp
RUN mkdir -p /usr/share/ansible/collections \
    && tar -xzf /tmp/collections.tar.gz -C /usr/share/ansible/collections
ENTRYPOINT ["ansible-playbook"]
