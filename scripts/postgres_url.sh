#!/usr/bin/env bash
# Prints the PostgreSQL URL the test suite should use and makes sure a server answers there.
# Exit 0: URL printed. Exit 2: no server and not in CI (the caller skips the leg). Exit 1: error.
set -u
default_url="$1"
if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; exit 0; fi

server_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

if ! server_up && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
    done
    for _ in $(seq 1 20); do server_up && break; sleep 0.5; done
fi

if server_up; then echo "$default_url"; exit 0; fi
if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is required in CI but nothing answers at 127.0.0.1:5432." >&2
    exit 1
fi
exit 2
