# syntax=docker/dockerfile:1
# SyncKairos gateway image: SDK build stage → ASP.NET runtime stage, non-root, no secrets.
# The default (last) stage serves configured-Redis mode: set SyncKairos__Redis__ConnectionString and
# SyncKairos__Audit__PostgresConnectionString at run time. The embedded Garnet (355 MB of tools) is only in
# the `embedded` target: `docker build --target embedded -t synckairos:embedded .` (see docs/adr/0018).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so source edits reuse the restore layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains.Abstractions/SyncKairos.Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Grains/SyncKairos.Grains.csproj src/Grains/
COPY src/Silo/SyncKairos.Silo.csproj src/Silo/
COPY src/Audit/SyncKairos.Audit.csproj src/Audit/
COPY src/Gateway/SyncKairos.Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/SyncKairos.Gateway.csproj
COPY protos/ protos/
COPY migrations/ migrations/
COPY src/ src/
RUN dotnet publish src/Gateway/SyncKairos.Gateway.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=1 \
    SyncKairos__Embedded__DataDirectory=/tmp/synckairos \
    Logging__Console__FormatterName=json
COPY --from=build /app ./
# The aspnet images ship the unprivileged `app` user (APP_UID); nothing here needs root.
USER $APP_UID
EXPOSE 8080 5001
# /health is liveness only (no dependencies); the image has bash but no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "SyncKairos.Gateway.dll"]

# Single-container demo with the embedded Garnet: no Redis needed, one replica only, data in /tmp.
FROM runtime AS embedded
COPY --from=build --chown=$APP_UID /root/.nuget/packages/garnet-server/2.2.8/tools /opt/nuget/garnet-server/2.2.8/tools
ENV NUGET_PACKAGES=/opt/nuget

FROM runtime AS gateway
