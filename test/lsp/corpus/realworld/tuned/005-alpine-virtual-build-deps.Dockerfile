FROM alpine:3.19
RUN apk add --no-cache --virtual .build-deps gcc musl-dev make \
    && apk add --no-cache libffi \
    && echo built \
    && apk del .build-deps
