FROM ubuntu:24.04
# expect: layer-deleted-later removes `/usr/local/bin/kubectl.sha256`
RUN curl -fsSLo /usr/local/bin/kubectl.sha256 https://dl.example.com/kubectl.sha256 \
    && curl -fsSLo /usr/local/bin/kubectl https://dl.example.com/kubectl \
    && chmod +x /usr/local/bin/kubectl
RUN rm /usr/local/bin/kubectl.sha256
