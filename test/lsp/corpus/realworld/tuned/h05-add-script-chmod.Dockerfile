FROM debian:bookworm-slim
ADD run.sh /run.sh
# label: layer-rewrite
RUN chmod +x /run.sh
CMD ["/run.sh"]
