#!/usr/bin/env bash
# Brings up the on-premises back end on this machine, without systemd: a single-node Ceph
# cluster (mon + memstore OSD + RADOS Gateway) and RabbitMQ, then the buckets, exchanges, queues
# and least-privilege users callbrief needs. Idempotent: what already runs is left running.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
Usage: ./scripts/onprem-up.sh [--no-install]

Starts the on-premises back end for development and CI, without systemd:
  - Ceph (Debian radosgw, ceph-mon, ceph-osd): one mon, one memstore OSD, the RADOS Gateway
    on 127.0.0.1:${CALLBRIEF_RGW_PORT:-7480} (S3 API, bucket notifications to RabbitMQ over AMQP);
  - RabbitMQ (Debian rabbitmq-server) on 127.0.0.1:${CALLBRIEF_AMQP_PORT:-5672}, vhost callbrief;
then creates the buckets, the notification topic, the exchanges and quorum queues (with
dead-letter queues) and least-privilege users, and writes endpoints and credentials to
.callbrief/onprem.env (git-ignored, mode 0600). Missing Debian packages are installed with
apt-get (as root, or with sudo). Data lives under ${CALLBRIEF_ONPREM_DIR:-.callbrief/onprem}.
A memstore OSD keeps objects in memory: onprem-down.sh (or a reboot) empties the buckets.

  --no-install  fail instead of installing missing packages
  -h, --help    show this help and do nothing else
USAGE
}
install=true
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    --no-install) install=false ;;
    *) echo "onprem-up: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

export PATH="$HOME/.local/node24/bin:$PATH"
BASE="$(pwd)"
DIR="${CALLBRIEF_ONPREM_DIR:-$BASE/.callbrief/onprem}"
ENV_FILE="$BASE/.callbrief/onprem.env"
RGW_PORT="${CALLBRIEF_RGW_PORT:-7480}"
AMQP_PORT="${CALLBRIEF_AMQP_PORT:-5672}"
MON_PORT="${CALLBRIEF_MON_PORT:-3300}"
started=$(date +%s)
log() { echo "onprem-up: $*"; }

PACKAGES=(radosgw ceph-mon ceph-osd ceph-common rabbitmq-server uuid-runtime)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  if [[ $install != true ]]; then log "missing Debian packages: ${missing[*]}" >&2; exit 1; fi
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    log "run as root or install: apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  log "installing ${missing[*]}"
  # The packages' postinst scripts try to start services; without systemd that is skipped.
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=900 update -qq || true
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$DIR"/{run,log,mon,osd,rgw,rabbitmq} "$(dirname "$ENV_FILE")"
chmod 700 "$DIR"
CONF="$DIR/ceph.conf"

# ---------------------------------------------------------------- Ceph
running() { [[ -f "$DIR/run/$1.pid" ]] && kill -0 "$(cat "$DIR/run/$1.pid")" 2>/dev/null; }
if [[ -f "$CONF" ]] && ! running osd.0; then
  # A memstore OSD lost its objects when it stopped, while the monitor still knows the pools:
  # the development cluster is created afresh instead (RabbitMQ keeps its state).
  log "the memstore OSD is not running: recreating the Ceph cluster"
  for name in rgw-watchdog client.rgw.callbrief mon.a; do
    if running "$name"; then
      pid=$(cat "$DIR/run/$name.pid"); kill "$pid"
      for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
  done
  rm -rf "$DIR"/{mon,osd,rgw} "$DIR"/*.keyring "$DIR/monmap" "$CONF"
  mkdir -p "$DIR"/{mon,osd,rgw}
fi
if [[ ! -f "$CONF" ]]; then
  FSID=$(uuidgen)
  cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT]
mon initial members = a
public network = 127.0.0.0/8
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
osd objectstore = memstore
memstore device bytes = 2147483648
osd crush chooseleaf type = 0
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
pid file = $DIR/run/\$name.pid
keyring = $DIR/\$name.keyring
[mon.a]
mon data = $DIR/mon/a
keyring = $DIR/mon/a/keyring
[osd.0]
osd data = $DIR/osd/0
keyring = $DIR/osd/0/keyring
[client.rgw.callbrief]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $DIR/rgw
rgw dns name = localhost
rgw enable apis = s3, admin, sns, notifications
rgw crypt require ssl = false
# Pacific accepts a topic whose push endpoint holds a password only over TLS; in development
# provision.ts marks its one request as forwarded by a TLS proxy (X-Forwarded-Proto: https).
rgw trust forwarded https = true
CONF
fi
CEPH=(ceph -c "$CONF" --connect-timeout 20)

if [[ ! -d "$DIR/mon/a/store.db" ]]; then
  log "creating the Ceph monitor"
  FSID=$(awk '/^fsid/ {print $3}' "$CONF")
  ceph-authtool --create-keyring "$DIR/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool --create-keyring "$DIR/client.admin.keyring" --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
  ceph-authtool "$DIR/mon.keyring" --import-keyring "$DIR/client.admin.keyring" >/dev/null
  monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/mon.keyring"
fi
running mon.a || { log "starting ceph-mon"; ceph-mon -c "$CONF" -i a; }

if ! running osd.0; then
  # A memstore OSD is empty after every start: create it afresh each time.
  log "starting a memstore OSD"
  rm -rf "$DIR/osd/0" && mkdir -p "$DIR/osd/0"
  OSD_UUID=$(uuidgen)
  if ! "${CEPH[@]}" osd ls 2>/dev/null | grep -qx 0; then
    "${CEPH[@]}" osd new "$OSD_UUID" 0 >/dev/null
  else
    OSD_UUID=$("${CEPH[@]}" osd dump --format json | python3 -c 'import json,sys; print([o["uuid"] for o in json.load(sys.stdin)["osds"] if o["osd"]==0][0])')
  fi
  ceph-osd -c "$CONF" -i 0 --mkfs --mkkey --no-mon-config --osd-uuid "$OSD_UUID" >/dev/null 2>&1
  "${CEPH[@]}" auth del osd.0 >/dev/null 2>&1 || true
  "${CEPH[@]}" auth add osd.0 osd 'allow *' mon 'allow profile osd' -i "$DIR/osd/0/keyring" >/dev/null
  ceph-osd -c "$CONF" -i 0
fi
for _ in $(seq 60); do "${CEPH[@]}" osd stat 2>/dev/null | grep -q "1 up" && break; sleep 1; done

if ! running rgw-watchdog && ! running client.rgw.callbrief; then
  if [[ ! -f "$DIR/client.rgw.callbrief.keyring" ]]; then
    "${CEPH[@]}" auth get-or-create client.rgw.callbrief mon 'allow rw' osd 'allow rwx' \
      -o "$DIR/client.rgw.callbrief.keyring"
  fi
  log "starting radosgw on 127.0.0.1:$RGW_PORT"
  # radosgw 16.2 (Debian 12, OpenSSL 3) segfaults in a messenger thread under load, every few
  # minutes on a busy 2-core machine (msgr2 in crc mode and without message signatures did not
  # help). It keeps no state of its own (objects and queued notifications live in RADOS), so a
  # watchdog restarts it within seconds, as systemd's Restart= would; clients retry meanwhile.
  # onprem-down.sh stops the watchdog first.
  nohup bash -c '
    echo $$ >"$1/run/rgw-watchdog.pid"
    trap "kill \$child 2>/dev/null; wait \$child; exit 0" TERM
    while true; do
      radosgw -c "$2" -n client.rgw.callbrief -f >>"$1/log/radosgw.stdout" 2>&1 &
      child=$!
      echo "$child" >"$1/run/client.rgw.callbrief.pid"
      wait "$child" || true
      echo "$(date -u +%FT%TZ) radosgw exited; restarting" >>"$1/log/rgw-watchdog.log"
      sleep 1
    done' rgw-watchdog "$DIR" "$CONF" >/dev/null 2>&1 &
fi
for _ in $(seq 120); do curl -fsS "http://127.0.0.1:$RGW_PORT" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$RGW_PORT" >/dev/null || { log "radosgw did not answer" >&2; exit 1; }
log "Ceph is up ($(( $(date +%s) - started )) s)"

# ---------------------------------------------------------------- RabbitMQ
RMQ_BIN=/usr/lib/rabbitmq/bin
export RABBITMQ_NODENAME="callbrief@localhost"
export RABBITMQ_MNESIA_BASE="$DIR/rabbitmq/mnesia"
export RABBITMQ_LOG_BASE="$DIR/log"
export RABBITMQ_PID_FILE="$DIR/run/rabbitmq.pid"
export RABBITMQ_CONFIG_FILE="$DIR/rabbitmq/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/rabbitmq/enabled_plugins"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$AMQP_PORT"
export RABBITMQ_DIST_PORT="${CALLBRIEF_AMQP_DIST_PORT:-25672}"
export ERL_EPMD_ADDRESS=127.0.0.1
cat >"$RABBITMQ_CONFIG_FILE" <<RCONF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
loopback_users.guest = true
log.file.level = warning
RCONF
echo '[].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
RMQCTL=("$RMQ_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" -q)
if ! "${RMQCTL[@]}" status >/dev/null 2>&1; then
  log "starting RabbitMQ on 127.0.0.1:$AMQP_PORT"
  "$RMQ_BIN/rabbitmq-server" -detached >/dev/null 2>&1 || true
fi
"${RMQCTL[@]}" wait --timeout 120 "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || "${RMQCTL[@]}" await_startup --timeout 120
log "RabbitMQ is up ($(( $(date +%s) - started )) s)"

# ---------------------------------------------------------------- users and secrets
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' ; }
if [[ -f "$ENV_FILE" ]]; then
  # shellcheck disable=SC1090
  source "$ENV_FILE"
else
  CALLBRIEF_AMQP_PROVISION_PASSWORD=$(secret)
  CALLBRIEF_AMQP_SERVICE_PASSWORD=$(secret)
  CALLBRIEF_AMQP_RGW_PASSWORD=$(secret)
fi
# Names cases in erasure markers (in AWS a KMS HMAC key): kept across runs, like the markers.
CALLBRIEF_CASE_ID_MAC_KEY=${CALLBRIEF_CASE_ID_MAC_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
VHOST=callbrief
"${RMQCTL[@]}" add_vhost "$VHOST" >/dev/null 2>&1 || true
"${RMQCTL[@]}" delete_user guest >/dev/null 2>&1 || true
ensure_amqp_user() { # name password configure write read
  "${RMQCTL[@]}" add_user "$1" "$2" >/dev/null 2>&1 || "${RMQCTL[@]}" change_password "$1" "$2" >/dev/null
  "${RMQCTL[@]}" set_permissions -p "$VHOST" "$1" "$3" "$4" "$5" >/dev/null
}
# provision: declares the topology; service: reads and writes the queues, declares nothing;
# rgw: publishes bucket events to one exchange; RGW also declares its own server-named
# (amq.gen-*) queue for returned messages, and needs nothing else.
ensure_amqp_user callbrief-provision "$CALLBRIEF_AMQP_PROVISION_PASSWORD" '^callbrief[-.].*' '^callbrief[-.].*' '^callbrief[-.].*'
ensure_amqp_user callbrief-service "$CALLBRIEF_AMQP_SERVICE_PASSWORD" '^$' '^(callbrief-.*|callbrief\.dead-letter|amq\.default)$' '^callbrief-.*'
ensure_amqp_user callbrief-rgw "$CALLBRIEF_AMQP_RGW_PASSWORD" '^(callbrief\.s3-events|amq\.gen-.*)$' '^(callbrief\.s3-events|amq\.gen-.*)$' '^amq\.gen-.*$'

RGWADMIN=(radosgw-admin -c "$CONF" -n client.admin)
rgw_user() { # uid -> "ACCESS SECRET"
  "${RGWADMIN[@]}" user info --uid "$1" 2>/dev/null ||
    "${RGWADMIN[@]}" user create --uid "$1" --display-name "$1" 2>/dev/null
}
keys_of() { python3 -c 'import json,sys; k=json.load(sys.stdin)["keys"][0]; print(k["access_key"], k["secret_key"])'; }
read -r S3_SERVICE_KEY S3_SERVICE_SECRET < <(rgw_user callbrief-service | keys_of)
read -r S3_UPLOADER_KEY S3_UPLOADER_SECRET < <(rgw_user callbrief-uploader | keys_of)

umask 077
cat >"$ENV_FILE" <<ENV
# Written by scripts/onprem-up.sh: endpoints and credentials of the on-premises back end.
# Development and CI only (plain HTTP on 127.0.0.1). Keep it private (mode 0600, git-ignored).
CALLBRIEF_S3_ENDPOINT=http://127.0.0.1:$RGW_PORT
CALLBRIEF_S3_REGION=default
CALLBRIEF_S3_ACCESS_KEY_ID=$S3_SERVICE_KEY
CALLBRIEF_S3_SECRET_ACCESS_KEY=$S3_SERVICE_SECRET
CALLBRIEF_S3_UPLOADER_ACCESS_KEY_ID=$S3_UPLOADER_KEY
CALLBRIEF_S3_UPLOADER_SECRET_ACCESS_KEY=$S3_UPLOADER_SECRET
CALLBRIEF_RECORDINGS_BUCKET=callbrief-recordings
CALLBRIEF_RESULTS_BUCKET=callbrief-results
CALLBRIEF_AMQP_URL=amqp://callbrief-service:$CALLBRIEF_AMQP_SERVICE_PASSWORD@127.0.0.1:$AMQP_PORT/$VHOST
CALLBRIEF_AMQP_PROVISION_PASSWORD=$CALLBRIEF_AMQP_PROVISION_PASSWORD
CALLBRIEF_AMQP_SERVICE_PASSWORD=$CALLBRIEF_AMQP_SERVICE_PASSWORD
CALLBRIEF_AMQP_RGW_PASSWORD=$CALLBRIEF_AMQP_RGW_PASSWORD
CALLBRIEF_AMQP_PROVISION_URL=amqp://callbrief-provision:$CALLBRIEF_AMQP_PROVISION_PASSWORD@127.0.0.1:$AMQP_PORT/$VHOST
CALLBRIEF_CASE_ID_MAC_KEY=$CALLBRIEF_CASE_ID_MAC_KEY
CALLBRIEF_AMQP_RGW_URL=amqp://callbrief-rgw:$CALLBRIEF_AMQP_RGW_PASSWORD@127.0.0.1:$AMQP_PORT/$VHOST
ENV
chmod 600 "$ENV_FILE"

# ---------------------------------------------------------------- topology
node --import tsx onprem/provision.ts "$ENV_FILE"
log "ready in $(( $(date +%s) - started )) s; endpoints and credentials in ${ENV_FILE#"$BASE"/}"
