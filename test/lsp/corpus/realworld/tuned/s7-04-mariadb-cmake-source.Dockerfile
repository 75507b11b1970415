FROM debian:bookworm
LABEL maintainer="db-team@example.com"

ENV MARIADB_VERSION=11.2.3
ENV DEBIAN_FRONTEND=noninteractive

# build toolchain (removed again at the end)
# label: layer-deleted-later
RUN apt-get update && apt-get install -y --no-install-recommends \
      bison build-essential ca-certificates cmake curl \
      libncurses-dev libssl-dev libgnutls28-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "https://downloads.example.org/mariadb-${MARIADB_VERSION}/source/mariadb-${MARIADB_VERSION}.tar.gz" \
    && tar -xzf mariadb-${MARIADB_VERSION}.tar.gz

WORKDIR /usr/src/mariadb-${MARIADB_VERSION}/build
# label: layer-deleted-later
RUN cmake .. \
      -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX=/usr/local/mysql \
      -DWITH_UNIT_TESTS=OFF \
      -DPLUGIN_TOKUDB=NO \
    && make -j"$(nproc)" \
    && make install

WORKDIR /
# tidy up
RUN rm -rf /usr/src/mariadb-${MARIADB_VERSION} /usr/src/mariadb-${MARIADB_VERSION}.tar.gz \
    && apt-get purge -y --auto-remove bison build-essential cmake

RUN groupadd -r mysql && useradd -r -g mysql mysql \
    && mkdir -p /var/lib/mysql /run/mysqld \
    && chown -R mysql:mysql /var/lib/mysql /run/mysqld

ENV PATH=/usr/local/mysql/bin:$PATH
COPY --chown=mysql:mysql my.cnf /etc/mysql/my.cnf
USER mysql
EXPOSE 3306
CMD ["mariadbd"]
