# Modelled on: MariaDB/MySQL images seeded with init scripts, tuning config and TLS material
FROM mariadb:11.2
COPY conf.d/tuning.cnf /etc/mysql/conf.d/tuning.cnf
COPY initdb/ /docker-entrypoint-initdb.d/
COPY certs/ca.pem /etc/mysql/ssl/ca.pem
COPY certs/server-cert.pem /etc/mysql/ssl/server-cert.pem
# label: layer-secret
COPY certs/server-key.pem /etc/mysql/ssl/server-key.pem
# label: layer-rewrite
RUN chown mysql:mysql /etc/mysql/ssl/server-key.pem && chmod 600 /etc/mysql/ssl/server-key.pem
EXPOSE 3306
