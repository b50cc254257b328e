#!/usr/bin/env bash
# A throw-away PostgreSQL primary with a real streaming replica, for the replica tests (.ci/run).
#
#   tools/pg_replica.sh start DIR PORT   # primary on PORT, its replica on PORT+1 (pg_basebackup -R)
#   tools/pg_replica.sh stop DIR PORT    # stop both and remove DIR
#
# Both are new clusters of the machine's PostgreSQL (the newest in /usr/lib/postgresql), run as the
# `postgres` user. Why not a replica of the machine's own cluster: a physical replica copies the
# whole cluster, and on the CI machine that cluster also holds the benchmarks' city (many GB, minutes
# to copy); it would also need a replication line in the machine's pg_hba.conf. A small primary of
# its own copies in a second and touches nothing else.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?directory}
port=${3:?port}
rport=$((port + 1))
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)}
socket=/var/run/postgresql

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

# fsync off and no sync after initdb or the copy: both clusters are thrown away.
opts="-k $socket -c listen_addresses=127.0.0.1 -c fsync=off -c wal_receiver_status_interval=1s"

case "$cmd" in
start)
  rm -rf "$dir"
  install -d -o postgres -g postgres -m 0700 "$dir"
  as_postgres "$PGBIN/initdb" -D "$dir/primary" -U postgres -A trust --no-sync -E UTF8 --locale C.UTF-8 >/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 -o "-p $port $opts -c shared_buffers=128MB" start >/dev/null
  # initdb's pg_hba.conf lets local connections replicate; Debian's defaults give wal_level
  # replica and ten WAL senders. Fast checkpoint: the backup starts at once.
  as_postgres "$PGBIN/pg_basebackup" -h "$socket" -p "$port" -U postgres -D "$dir/replica" \
    -R -X stream -c fast --no-sync --no-manifest
  as_postgres "$PGBIN/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w -t 60 \
    -o "-p $rport $opts -c shared_buffers=32MB -c hot_standby=on" start >/dev/null
  for _ in $(seq 1 60); do
    status=$(psql -h 127.0.0.1 -p "$rport" -U postgres -d postgres -Atc \
      "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null || true)
    [ "$status" = streaming ] && exit 0
    sleep 0.5
  done
  echo "the replica on port $rport is not streaming; its log:" >&2
  tail -n 20 "$dir/replica.log" >&2
  exit 1
  ;;
stop)
  for c in replica primary; do
    if [ -f "$dir/$c/postmaster.pid" ]; then
      as_postgres "$PGBIN/pg_ctl" -D "$dir/$c" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR PORT" >&2
  exit 2
  ;;
esac
