FROM alpine/git:latest
# expect: layer-secret `id_rsa` (an SSH private key)
# expect: layer-deleted-later removes `/root/.ssh/id_rsa` (rm)
COPY id_rsa /root/.ssh/id_rsa
RUN git clone git@github.com:example/private.git /src && rm /root/.ssh/id_rsa
