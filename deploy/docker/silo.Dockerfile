# syntax=docker/dockerfile:1
# The CallCenter silo: Orleans silo + the Gateway's endpoints + /healthz + /metrics + /dashboard in one process, with the
# embedded speech engines (PocketSphinx, espeak-ng). Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t callcenter-silo .
# Alone it is the whole engine (localhost clustering, SQLite in the volume):
#   docker run --rm -p 8080:8080 -v callcenter-data:/var/lib/callcenter callcenter-silo
# Clustered (Orleans__ClusteringMode=Postgres …): deploy/compose.yaml, deploy/kubernetes/ and deploy/README.md.
#
# Base images. .NET 10 publishes no Debian images (its default tags are Ubuntu 24.04; dotnet/dotnet-docker#6860), but
# the engine's native speech libraries are Debian 12's (libpocketsphinx.so.3 with the 5prealpha API, libespeak-ng.so.1:
# the packages scripts/bootstrap.sh installs and the tests run against). So the runtime stage is debian:bookworm-slim
# with the ASP.NET Core shared runtime copied from the official aspnet:10.0 image: the portable linux-x64 build the
# official images install in /usr/share/dotnet, which supports Debian 12.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG ASPNET_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG DEBIAN_IMAGE=debian:bookworm-slim

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# The whole source (.dockerignore leaves out bin/obj, tests, tools and deploy/ but for deploy/postgres), so a project the
# silo comes to reference needs no change here.
COPY . .
RUN --mount=type=cache,id=callcenter-nuget,target=/root/.nuget/packages \
    dotnet publish Silo/Silo.csproj -c Release -o /app -p:UseAppHost=false -nologo

FROM ${ASPNET_IMAGE} AS dotnet

FROM ${DEBIAN_IMAGE} AS runtime
# .NET's own dependencies on Debian 12 (as in the official runtime-deps image), the embedded speech engines and their
# models (as in scripts/bootstrap.sh), and curl for the health check.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata \
        libpocketsphinx3 pocketsphinx-en-us libespeak-ng1 espeak-ng-data \
        curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && groupadd --gid 1654 app \
    && useradd --uid 1654 --gid 1654 --create-home app \
    && mkdir -p /var/lib/callcenter \
    && chown app:app /var/lib/callcenter

WORKDIR /app
# Owned by root: the process can read its files, not change them.
COPY --from=build /app .

ENV DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_NOLOGO=1 \
    # `Urls`, not ASPNETCORE_URLS: Silo/appsettings.json sets Urls, which wins over ASPNETCORE_URLS but not over this.
    Urls=http://+:8080 \
    # SQLite: the CRM, call records and (with localhost clustering) grain state.
    Storage__SqlitePath=/var/lib/callcenter/callcenter.db \
    # Asterisk AudioSocket listens on loopback by default; in a container it must listen on the container's address.
    Voice__AudioSocket__BindAddress=0.0.0.0 \
    # SIGTERM: the silo drains its calls to the other silos and exits within this many seconds (the host's shutdown
    # timeout; Kubernetes' terminationGracePeriodSeconds and compose's stop_grace_period are longer).
    Drain__TimeoutSeconds=30
VOLUME /var/lib/callcenter

# 8080 HTTP (API, media WebSockets, /healthz, /metrics, /dashboard); 11111 silo-to-silo; 30000 Orleans clients (a separate
# Gateway process); 9092 Asterisk AudioSocket.
EXPOSE 8080 11111 30000 9092

# 1654 is the 'app' user of the official .NET images; numeric so Kubernetes' runAsNonRoot can check it.
USER 1654
STOPSIGNAL SIGTERM
# /healthz is 200 once the silo is active in the cluster, 503 while it starts or stops.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "CallCenter.Silo.dll"]
