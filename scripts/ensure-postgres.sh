#!/usr/bin/env bash
# Makes sure a PostgreSQL server is installed and running for the store tests, and prints the
# admin URL they should use (over the Unix socket, so tests in a network namespace reach it too).
# Works with this machine's trust setup and with Debian's default peer authentication.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
if ! pg_isready -q -h /var/run/postgresql; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
  for _ in $(seq 30); do pg_isready -q -h /var/run/postgresql && break; sleep 1; done
fi
socket='%2Fvar%2Frun%2Fpostgresql'
if psql "postgresql://postgres@$socket/postgres" -qtAc 'select 1' >/dev/null 2>&1; then
  echo "postgresql://postgres@$socket/postgres"
else
  # Debian's default: peer authentication. Give root its own superuser role.
  runuser -u postgres -- psql -qc "DO \$\$BEGIN CREATE ROLE root SUPERUSER LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END\$\$" >&2
  echo "postgresql://root@$socket/postgres"
fi
