FROM archlinux:latest
RUN pacman -Syu --noconfirm base-devel cmake eigen \
 && yes | pacman -Scc \
 && rm -rf /var/lib/pacman/sync/*
WORKDIR /build
COPY . .
RUN cmake -B build -S . -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j"$(nproc)" \
 && cmake --install build \
 && rm -rf build
CMD ["fluxsolve"]
