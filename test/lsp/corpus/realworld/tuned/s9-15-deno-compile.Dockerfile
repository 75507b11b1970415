FROM denoland/deno:1.42.1 AS build
WORKDIR /src
COPY . .
RUN deno compile --allow-net --allow-env --output /out/hook main.ts

FROM gcr.io/distroless/cc-debian12
# internal CA so the hook can reach the intranet API
COPY certs/internal-ca.crt /etc/ssl/certs/internal-ca.crt
COPY --from=build /out/hook /usr/local/bin/hook
USER nonroot
ENTRYPOINT ["/usr/local/bin/hook"]
