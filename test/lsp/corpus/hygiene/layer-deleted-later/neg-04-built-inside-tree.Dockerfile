FROM gcc:14
COPY . /usr/src/myapp
WORKDIR /usr/src/myapp
RUN make
RUN rm -rf /usr/src/myapp/build/tmp
