#!/bin/sh
# Installs the system packages the test suite needs on a fresh Debian/Ubuntu machine, and nothing
# when they are already there (safe to re-run): the PostgreSQL server binaries (initdb, pg_ctl,
# postgres) for the usage-log and collector suites, Debian's Chromium (/usr/bin/chromium) for
# the browser tests in test/e2e, and Prometheus (prometheus, promtool) and InfluxDB 1.x (influxd)
# for the metrics-export suites in packages/monitor/test/engines. It starts no server: the tests
# start throwaway servers of their own (Debian's packages also enable services; the tests do not
# use them).
# TAXON_PG_LIB_ROOT (default /usr/lib/postgresql) is where versioned server folders are looked for;
# TAXON_CHROMIUM (default /usr/bin/chromium) is where Chromium is expected; TAXON_PROMETHEUS,
# TAXON_PROMTOOL and TAXON_INFLUXD (default /usr/bin/...) where the engines are.
set -eu

log() { printf 'setup-system: %s\n' "$*"; }

if [ "$(id -u)" -eq 0 ]; then
  SUDO=''
elif command -v sudo >/dev/null 2>&1; then
  SUDO='sudo'
else
  SUDO=''
fi

have_postgres() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    return 0
  fi
  for bin in "${TAXON_PG_LIB_ROOT:-/usr/lib/postgresql}"/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
      return 0
    fi
  done
  return 1
}

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not found: install $* with your system's package manager." >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    log "not root and no sudo: run as root, or install $* yourself." >&2
    exit 1
  fi
  log "installing $* (apt-get)"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

CHROMIUM="${TAXON_CHROMIUM:-/usr/bin/chromium}"
missing=''
if have_postgres; then
  log "PostgreSQL server already installed: nothing to do"
else
  missing='postgresql'
fi
if [ -x "$CHROMIUM" ]; then
  log "Chromium already installed: nothing to do"
else
  missing="${missing:+$missing }chromium"
fi
PROMETHEUS="${TAXON_PROMETHEUS:-/usr/bin/prometheus}"
PROMTOOL="${TAXON_PROMTOOL:-/usr/bin/promtool}"
INFLUXD="${TAXON_INFLUXD:-/usr/bin/influxd}"
if [ -x "$PROMETHEUS" ] && [ -x "$PROMTOOL" ]; then
  log "Prometheus already installed: nothing to do"
else
  missing="${missing:+$missing }prometheus"
fi
if [ -x "$INFLUXD" ]; then
  log "InfluxDB already installed: nothing to do"
else
  missing="${missing:+$missing }influxdb"
fi
[ -z "$missing" ] && exit 0

# One apt-get run for everything missing (word splitting of $missing is intended).
# shellcheck disable=SC2086
apt_install $missing
case "$missing" in *postgresql*)
  # Debian's package starts a cluster of its own; the tests do not use it.
  if have_postgres; then
    log "PostgreSQL server installed"
  else
    log "postgresql installed but initdb/pg_ctl still not found" >&2
    exit 1
  fi
esac
case "$missing" in *chromium*)
  if [ -x "$CHROMIUM" ]; then
    log "Chromium installed"
  else
    log "chromium installed but $CHROMIUM not found" >&2
    exit 1
  fi
esac
case "$missing" in *prometheus*)
  if [ -x "$PROMETHEUS" ] && [ -x "$PROMTOOL" ]; then
    log "Prometheus installed"
  else
    log "prometheus installed but $PROMETHEUS or $PROMTOOL not found" >&2
    exit 1
  fi
esac
case "$missing" in *influxdb*)
  if [ -x "$INFLUXD" ]; then
    log "InfluxDB installed"
  else
    log "influxdb installed but $INFLUXD not found" >&2
    exit 1
  fi
esac
