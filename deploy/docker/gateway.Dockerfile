# syntax=docker/dockerfile:1
# The CallCenter Gateway as its own process: an Orleans client in front of the silos (issue #6 item 2) serving the
# API, the media endpoints (Twilio, PCM WebSockets, Asterisk AudioSocket), the pages, /healthz and /metrics. It holds no
# grains, so it needs no speech engines: recognition and synthesis run in the silos' grains. Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t callcenter-gateway .
#
# The Gateway host project is Gateway.Host/Gateway.Host.csproj (assembly CallCenter.Gateway.Host); if it moves, change
# GATEWAY_PROJECT and the ENTRYPOINT.
# deploy/validate.sh and the Deploy tests check both against the project once it exists (deploy/README.md).
#
# Base images: as in silo.Dockerfile (.NET 10 has no Debian image; the runtime is copied onto Debian 12).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG ASPNET_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG DEBIAN_IMAGE=debian:bookworm-slim

FROM ${SDK_IMAGE} AS build
ARG GATEWAY_PROJECT=Gateway.Host/Gateway.Host.csproj
WORKDIR /src
COPY . .
RUN --mount=type=cache,id=callcenter-nuget,target=/root/.nuget/packages \
    dotnet publish "$GATEWAY_PROJECT" -c Release -o /app -p:UseAppHost=false -nologo \
    && { test -f /app/CallCenter.Gateway.Host.dll \
         || { echo "gateway.Dockerfile: no CallCenter.Gateway.Host.dll in the publish output; fix the ENTRYPOINT" >&2; exit 1; }; }

FROM ${ASPNET_IMAGE} AS dotnet

FROM ${DEBIAN_IMAGE} AS runtime
# .NET's own dependencies on Debian 12 (ICU: dates and cultures of English and Chinese replies) and curl for the health check.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && groupadd --gid 1654 app \
    && useradd --uid 1654 --gid 1654 --create-home app

WORKDIR /app
COPY --from=build /app .

ENV DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_NOLOGO=1 \
    Urls=http://+:8080 \
    Voice__AudioSocket__BindAddress=0.0.0.0 \
    # A voice call whose Gateway stops is recorded as dropped (item 3); the host gets time to close its connections.
    DOTNET_SHUTDOWNTIMEOUTSECONDS=40

# 8080 HTTP (API, media WebSockets, pages, /healthz, /metrics); 9092 Asterisk AudioSocket.
EXPOSE 8080 9092

USER 1654
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "CallCenter.Gateway.Host.dll"]
