FROM fedora:40

RUN dnf -y install --setopt=install_weak_deps=False \
        arm-none-eabi-gcc-cs arm-none-eabi-newlib openocd make cmake python3-pip git unzip \
    && dnf clean all

RUN pip install --no-cache-dir west==1.2.0 pyelftools==0.31

# the probe here only talks at 4 MHz
# label: layer-rewrite
RUN sed -i 's/adapter speed 2000/adapter speed 4000/' /usr/share/openocd/scripts/interface/stlink.cfg

# label: layer-archive
ADD https://vendor.example.com/packs/mcu-svd-pack-2.1.zip /opt/svd/
RUN cd /opt/svd && unzip -q mcu-svd-pack-2.1.zip

RUN useradd -m fw && mkdir -p /work && chown fw /work
COPY --chmod=0644 99-probes.rules /etc/udev/rules.d/99-probes.rules
USER fw
WORKDIR /work
