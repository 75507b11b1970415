FROM alpine:3.20
# expect: layer-cache `apk add`
RUN sh -c 'apk add curl && echo done'
# expect: layer-cache `pip install`
RUN ["/bin/bash", "-ec", "pip install flask"]
RUN sh -c 'apk add --no-cache jq'
