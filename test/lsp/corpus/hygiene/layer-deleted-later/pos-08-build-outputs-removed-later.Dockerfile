FROM gcc:14
COPY . /usr/src/myapp
WORKDIR /usr/src/myapp
# make writes its outputs into the copied tree: build/tmp is the build's, not the COPY's
# expect: layer-deleted-later removes `/usr/src/myapp/build/tmp` (rm), part of what this RUN added
RUN make
RUN rm -rf /usr/src/myapp/build/tmp
