FROM nginx:1.27-bookworm
RUN rm /etc/nginx/conf.d/default.conf
COPY edge.conf /etc/nginx/conf.d/edge.conf
COPY certs/internal-ca.pem /etc/nginx/tls/ca.pem
COPY certs/edge.example.com.crt /etc/nginx/tls/edge.crt
# label: layer-secret
COPY certs/edge.example.com.key /etc/nginx/tls/edge.key
COPY html/ /usr/share/nginx/html/
EXPOSE 443
HEALTHCHECK CMD curl -kfs https://127.0.0.1/healthz || exit 1
STOPSIGNAL SIGQUIT
