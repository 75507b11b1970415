# Modelled on: Node job runners that fix CRLF line endings of the copied scripts (Desson/lock3r-jobs)
FROM node:20-bookworm
# label: layer-cache
RUN apt-get update && apt-get install -y dos2unix
COPY . /locker
WORKDIR /locker
# label: layer-rewrite
RUN dos2unix ./dockerentry
# label: layer-rewrite
RUN find ./scripts -type f -name "*.sh" -print0 | xargs -0 dos2unix
# label: layer-cache
RUN npm i
ENTRYPOINT ["bash", "dockerentry"]
