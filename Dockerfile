# syntax=docker/dockerfile:1
# berth in a minimal image, the way hadolint/hadolint ships hadolint: a
# static binary in an empty image, run as an unprivileged user.
#
#   docker build -t berth --build-arg VERSION="$(git describe --tags --always)" .
#   docker run --rm -i berth < Dockerfile                      # lint stdin
#   docker run --rm -v "$PWD:/src:ro" -w /src berth lint .     # lint a tree
#   docker run --rm berth version

FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The version berth reports (.git is not in the build context).
ARG VERSION=
ENV CGO_ENABLED=0
# berth, and beside it berth-engine, which runs berth lsp and berth pin.
RUN go build -trimpath -buildvcs=false -ldflags "-s -w -X main.version=${VERSION}" -o /out/ ./cmd/berth ./cmd/berth-engine

FROM scratch
COPY --from=build /out/berth /out/berth-engine /
USER 65534:65534
ENTRYPOINT ["/berth"]
CMD ["lint", "-"]
