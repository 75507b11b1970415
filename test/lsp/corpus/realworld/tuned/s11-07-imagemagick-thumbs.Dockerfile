FROM alpine:3.19

# label: layer-cache
RUN apk update && apk add imagemagick ghostscript fontconfig
RUN apk add --no-cache bash

# Inter font for the caption overlays
# label: layer-archive
RUN wget -q https://dl.example.com/fonts/inter-4.0.zip \
    && unzip -q inter-4.0.zip -d /usr/share/fonts/inter \
    && fc-cache -f

COPY thumbs.sh /usr/local/bin/
# label: layer-rewrite
RUN chmod +x /usr/local/bin/thumbs.sh

WORKDIR /work
ENTRYPOINT ["/usr/local/bin/thumbs.sh"]
