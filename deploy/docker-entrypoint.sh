#!/bin/sh
# The image's entrypoint: refuses to start without DATABASE_URL (the server would otherwise try to
# start an embedded PostgreSQL, which the image does not carry), then execs the command so that
# the server receives docker's SIGTERM itself and shuts down gracefully.
set -eu
if [ -z "${DATABASE_URL:-}" ]; then
  echo "digitnet: DATABASE_URL is not set: the container needs a PostgreSQL server" \
    "(postgres://user:password@host:5432/db; docker-compose.yml sets it from .env)" >&2
  exit 2
fi
exec "$@"
