FROM pandoc/latex:3.1

RUN apk add --no-cache py3-pip
# label: layer-cache
RUN pip3 install --break-system-packages pandoc-include pandoc-crossref-helper

ARG EISVOGEL_URL=https://dl.example.com/eisvogel/v2.4.2/Eisvogel-2.4.2.tar.gz
# label: layer-archive
ADD ${EISVOGEL_URL} /tmp/eisvogel.tar.gz
RUN mkdir -p /root/.local/share/pandoc/templates \
    && tar -xzf /tmp/eisvogel.tar.gz -C /root/.local/share/pandoc/templates eisvogel.latex

COPY filters/ /root/.local/share/pandoc/filters/
WORKDIR /book
ENTRYPOINT ["pandoc"]
