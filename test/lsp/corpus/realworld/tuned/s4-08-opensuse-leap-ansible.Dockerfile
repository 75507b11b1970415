# Modelled on: openSUSE Leap CI/molecule images (zypper refresh and install, pip-installed tooling, runner user)
FROM opensuse/leap:15.6
RUN zypper -n install -y --no-recommends make gcc && zypper clean --all
# label: layer-cache
RUN zypper --non-interactive refresh \
    && zypper --non-interactive install --no-recommends python311 python311-pip git-core gzip tar \
    && zypper clean
# label: layer-cache
RUN python3.11 -m pip install ansible-core==2.16.6 ansible-lint==24.2.3
RUN useradd -m runner
USER runner
WORKDIR /home/runner
