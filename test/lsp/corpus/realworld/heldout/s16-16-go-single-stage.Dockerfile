FROM golang:1.21
WORKDIR /app
COPY . .
# label: layer-cache
RUN go build -o /usr/local/bin/tracker .
EXPOSE 8080
CMD ["tracker"]
