FROM ubuntu:24.04
# expect: layer-cache `apt-get update`
RUN sudo -E env DEBIAN_FRONTEND=noninteractive apt-get update
# expect: layer-cache `pip3 install`
RUN su -c "pip3 install requests" root
# expect: layer-deleted-later `/srv/www/**/*.bak` (find | xargs rm), part of what this COPY added
COPY www/ /srv/www/
RUN find /srv/www -name '*.bak' -print0 | xargs -0 rm -f
RUN nohup timeout 60 apk add --no-cache curl
