FROM mcr.microsoft.com/dotnet/sdk:8.0-alpine
WORKDIR /src/worker
COPY . .
# label: layer-cache, layer-deleted-later
RUN dotnet publish -c Release -o /app
RUN rm -rf /src/worker/bin /src/worker/obj

WORKDIR /app
# label: layer-secret
COPY certs/worker.key /app/certs/
COPY certs/worker.crt /app/certs/
ENV Kestrel__Certificates__Default__Path=/app/certs/worker.crt \
    Kestrel__Certificates__Default__KeyPath=/app/certs/worker.key
ENTRYPOINT ["dotnet", "Worker.dll"]
