FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src

COPY Payments.csproj ./
# label: layer-cache
RUN dotnet restore Payments.csproj -r linux-x64

COPY . ./
RUN dotnet publish Payments.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app

# Kestrel serves TLS itself in this deployment
COPY certs/payments.example.com.crt /https/
# label: layer-secret
COPY certs/payments.example.com.key /https/

ENV ASPNETCORE_URLS="https://+:8443" \
    ASPNETCORE_Kestrel__Certificates__Default__Path=/https/payments.example.com.crt \
    ASPNETCORE_Kestrel__Certificates__Default__KeyPath=/https/payments.example.com.key
WORKDIR /app
EXPOSE 8443
ENTRYPOINT ["dotnet", "Payments.dll"]
