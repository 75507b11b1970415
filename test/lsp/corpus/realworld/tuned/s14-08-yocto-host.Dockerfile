# Build host for Yocto (scarthgap). The layers are mounted at run time.
FROM ubuntu:22.04

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
      gawk wget git diffstat unzip texinfo gcc build-essential chrpath socat cpio \
      python3 python3-pip python3-pexpect xz-utils debianutils iputils-ping \
      python3-git python3-jinja2 python3-subunit libegl1-mesa libsdl1.2-dev \
      file locales zstd lz4 sudo \
 && rm -rf /var/lib/apt/lists/* \
 && sed -i '/en_US.UTF-8/s/^# //' /etc/locale.gen \
 && locale-gen
ENV LANG=en_US.UTF-8 LANGUAGE=en_US:en LC_ALL=en_US.UTF-8

RUN pip3 install --no-cache-dir kas==4.3.2

ARG UID=1000
RUN useradd -m -u ${UID} -s /bin/bash builder \
 && echo "builder ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/builder \
 && chmod 0440 /etc/sudoers.d/builder
RUN mkdir -p /work && chown builder:builder /work

USER builder
WORKDIR /work
CMD ["/bin/bash"]
