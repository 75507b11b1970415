# Modelled on: openSUSE Leap tooling images (zypper, ruby gems) used by packaging bots
FROM opensuse/leap:15.5
# label: layer-cache
RUN zypper -n install --no-recommends ruby3.1 ruby3.1-devel gcc make git-core && zypper clean
# label: layer-cache
RUN gem install --no-document bundler:2.5.6 rake
RUN useradd -m packager
WORKDIR /srv/obs-bot
COPY --chown=packager . .
USER packager
CMD ["ruby", "bin/obs-bot"]
