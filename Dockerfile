# The llmbench container: the binary `make dist` builds (Swift runtime linked in with
# --static-swift-stdlib), so the image needs only glibc, libcurl and libsqlite3 beside it.
# The base image is the Debian release the binary is built on (its glibc is the oldest it runs on).
#
# Build (Docker or Podman; these machines cannot build images):
#   make dist                       # dist/bin/llmbench and dist/share/llmbench/datasets
#   docker build -t llmbench:latest .
#   docker run --rm llmbench:latest run --requests 5 --format summary
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 libsqlite3-0 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY dist/bin/llmbench /usr/local/bin/llmbench
COPY dist/share/llmbench /usr/local/share/llmbench
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/llmbench"]
CMD ["--help"]
