FROM gcc:14
COPY . /usr/src/myapp
WORKDIR /usr/src/myapp
# built, installed and cleaned in one RUN: the outputs never reach a layer, and the sources stay
RUN make && make install && make clean && rm -rf /usr/src/myapp/build
