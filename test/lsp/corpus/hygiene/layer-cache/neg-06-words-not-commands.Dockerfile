FROM debian:bookworm-slim
# The package-manager words are arguments here, not commands.
RUN echo "run apt-get update first" > /usr/share/doc/NOTE
RUN grep -q 'pip install' /usr/share/doc/NOTE || echo 'npm ci and apk add are not run either'
RUN printf '%s\n' 'yum install -y x' 'composer install' > /tmp/commands.txt
