# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /source
COPY src/Payments.Api/*.csproj ./Payments.Api/
RUN dotnet restore ./Payments.Api/Payments.Api.csproj
COPY src/ .
RUN dotnet publish ./Payments.Api/Payments.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
ENTRYPOINT ["./Payments.Api"]
