# syntax=docker/dockerfile:1
#
# One image with every SongNodes binary (cmd/*): ingest, bronze, silver,
# gold, monitor and the operator CLI songnodes. The command picks the
# binary:
#
#   docker build -t songnodes/pipeline:dev .        (or: make image)
#   docker run --rm songnodes/pipeline:dev bronze
#   docker run --rm songnodes/pipeline:dev songnodes migrate
#
# docs/deploy.md says more; deploy/dockerfile_test.go checks this file.
#
# Base images are pinned by tag and digest: a rebuild gets the same bases
# until someone bumps both deliberately.

FROM golang:1.26.8-bookworm@sha256:a688600ca24f8a4d3ca77f95b0dd40704a9fc787c826660eb7ba0b641b8b175d AS build
WORKDIR /src
# Git reads the bind-mounted context, owned by whoever ran the build:
# without this it refuses to, and Go could not stamp the commit.
RUN git config --global --add safe.directory '*'
# The module cache and build cache live in cache mounts: a rebuild after a
# source change downloads and recompiles only what changed. The context is
# bind-mounted (nothing of it lands in a layer). When it holds the .git
# directory of a clone, Go stamps the commit into each binary's build info,
# which --version prints (internal/app.Version); elsewhere (a worktree,
# whose .git is a file pointing outside the context, or a tarball) the
# binaries say "(devel)" and the build still succeeds.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=bind,target=/src \
    set -eu; \
    vcs=false; \
    if [ -d .git ] && git rev-parse --git-dir >/dev/null 2>&1; then vcs=true; fi; \
    CGO_ENABLED=0 go build -trimpath -buildvcs="$vcs" -ldflags='-s -w' -o /out/ \
      ./cmd/ingest ./cmd/bronze ./cmd/silver ./cmd/gold ./cmd/monitor ./cmd/songnodes; \
    /out/songnodes --version

# distroless static: CA certificates, tzdata, /etc/passwd with the nonroot
# user (65532), no shell and no package manager.
FROM gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639
COPY --from=build /out/ingest /out/bronze /out/silver /out/gold /out/monitor /out/songnodes /usr/local/bin/
USER 65532:65532
# Every binary serves /metrics, /healthz and /readyz here; 8080 in every
# container, so that the health check and Prometheus need no per-binary port.
# 0.0.0.0 is every interface, IPv6 too (an address without a host is refused).
ENV HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
# Any binary's healthcheck subcommand asks /readyz on HTTP_ADDR, so one
# check serves every binary the image runs: exit 0 healthy, 1 degraded
# (Docker counts it as unhealthy), 2 unhealthy or not answering. A
# container running the songnodes CLI (a one-shot migrate) serves no HTTP:
# disable the check there (compose: healthcheck: disable: true).
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/ingest", "healthcheck"]
# No entrypoint of its own: the command is the binary, looked up on PATH
# (/usr/local/bin), with its arguments. The base has no shell to dispatch
# with, and none is needed.
ENTRYPOINT []
CMD ["songnodes", "--help"]
