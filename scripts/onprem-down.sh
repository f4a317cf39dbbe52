#!/usr/bin/env bash
# Stops what scripts/onprem-up.sh started (radosgw, ceph-osd, ceph-mon, RabbitMQ), by the pid
# files it wrote. --purge also removes their data and the env file.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() {
  cat <<'USAGE'
Usage: ./scripts/onprem-down.sh [--purge]

Stops the on-premises back end that scripts/onprem-up.sh started on this machine: radosgw,
ceph-osd, ceph-mon and RabbitMQ, each by the pid file it wrote (nothing else is touched).

  --purge     also delete their data (${CALLBRIEF_ONPREM_DIR:-.callbrief/onprem}) and
              .callbrief/onprem.env, so the next onprem-up.sh starts from nothing
  -h, --help  show this help and do nothing else
USAGE
}
purge=false
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    --purge) purge=true ;;
    *) echo "onprem-down: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
DIR="${CALLBRIEF_ONPREM_DIR:-$(pwd)/.callbrief/onprem}"
if [[ -f "$DIR/run/rabbitmq.pid" ]]; then
  RABBITMQ_MNESIA_BASE="$DIR/rabbitmq/mnesia" /usr/lib/rabbitmq/bin/rabbitmqctl \
    -n callbrief@localhost -q stop "$DIR/run/rabbitmq.pid" >/dev/null 2>&1 || true
  # RabbitMQ started the Erlang port mapper (port 4369); it exits only when told, and refuses
  # while another Erlang node is still registered with it.
  epmd -kill >/dev/null 2>&1 || /usr/lib/erlang/erts-*/bin/epmd -kill >/dev/null 2>&1 || true
fi
# The watchdog first, or it would start radosgw again.
for name in rgw-watchdog client.rgw.callbrief osd.0 mon.a; do
  pidfile="$DIR/run/$name.pid"
  [[ -f "$pidfile" ]] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$pidfile"
done
if [[ $purge == true ]]; then rm -rf "$DIR" .callbrief/onprem.env; fi
echo "onprem-down: stopped${purge:+}$([[ $purge == true ]] && echo ', data removed')"
