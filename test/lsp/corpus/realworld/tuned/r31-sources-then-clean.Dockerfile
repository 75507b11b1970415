FROM gcc:14
WORKDIR /usr/src/lib
# label: layer-deleted-later
COPY . .
# label: layer-deleted-later
RUN make && make install
RUN make clean && rm -rf /usr/src/lib/tests
