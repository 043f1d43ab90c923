#!/usr/bin/env bash
# A PostgreSQL server of its own in one folder, for the tests and for trying the service on PostgreSQL:
#   cluster.sh start DIR [PORT]   make the cluster in DIR (the first time), start it, make the database
#                                 statementtracker_test, and print its Npgsql connection string on stdout, nothing else
#   cluster.sh stop DIR [--keep]  stop it and remove DIR; with --keep, stop it and keep its data for the next start
# The server listens on a Unix socket in DIR only (no TCP port is opened, so PORT names the socket file and two
# clusters never clash), lets anyone on this machine in as the superuser statementtracker (trust), and is built for
# speed, not safety: fsync, synchronous commit and full-page writes are off, so a crash of the machine (not of the
# server) can corrupt it. Never keep data in it that you cannot make again.
# It uses the PostgreSQL on this machine (pg_config --bindir, else the newest /usr/lib/postgresql/*/bin); without one
# it installs Debian's postgresql package, with apt-get as root, else through sudo -n. initdb refuses to run as root,
# so as root the server runs as the system user statementtracker-pg (made if missing), which then owns DIR.
# Keep DIR short (mktemp -d /tmp/st-pg.XXXXXX): a socket's path may be at most 107 bytes.
set -euo pipefail

user=statementtracker           # the superuser initdb makes; the connection string logs in as it
database=statementtracker_test  # UTF8, like every database of the cluster
system_user=statementtracker-pg # who runs the server when this script runs as root
default_port=55432
marker=.statementtracker-cluster # in DIR: this script made it, so stop may remove it

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start DIR [PORT] | stop DIR [--keep]" >&2
  exit 2
}

# The folder of PostgreSQL's server programs, or nothing.
find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    # Debian's pg_config may come without a server (libpq-dev): trust it only when the programs are there.
    dir="$(pg_config --bindir 2>/dev/null || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return
    fi
  fi
  # Debian installs each major version beside the others: take the newest (a pattern with no match fails the test).
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return
    fi
  done
}

install_postgres() {
  local as_root
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    die "PostgreSQL is not installed and this user cannot install it: run 'sudo apt-get install postgresql'."
  fi
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and this machine has no apt-get: install PostgreSQL's server."
  echo "Installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Only the server: its recommended extras are not needed for a throwaway test cluster. A fresh machine may have no
  # package lists yet: read them once, only when the install cannot go ahead without.
  if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends postgresql >&2; then
    "${as_root[@]}" apt-get update -q >&2
    "${as_root[@]}" apt-get install -y -q --no-install-recommends postgresql >&2
  fi
}

# Runs a PostgreSQL program as whoever owns the cluster: this user, or statementtracker-pg when this user is root.
# From inside DIR, so the server never needs to read the folder this script was started in.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && runuser -u "$system_user" -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

running_port() {
  # postmaster.pid's fourth line is the port the running server was started with.
  sed -n 4p "$dir/data/postmaster.pid" 2>/dev/null || true
}

start() {
  local port="$1" bindir running
  case "$port" in '' | *[!0-9]*) die "PORT must be a number, not '$port'." ;; esac
  case "$dir" in *[[:space:]\'\"\\]*) die "DIR must not contain spaces, quotes or backslashes: '$dir'." ;; esac
  local socket="$dir/.s.PGSQL.$port"
  if [ "${#socket}" -gt 107 ]; then
    [ "$made_dir" = no ] || rmdir -- "$dir"
    die "the socket path $socket is ${#socket} bytes, over the 107 a socket may have: use a shorter DIR, e.g. \$(mktemp -d /tmp/st-pg.XXXXXX)."
  fi

  # DIR is new, empty or one of ours: stop removes what holds the marker, so it never goes into a folder of yours.
  if [ ! -f "$dir/$marker" ]; then
    [ -z "$(ls -A -- "$dir")" ] || die "$dir holds files and no cluster of this script's: give a new or empty folder."
    touch "$dir/$marker"
  fi

  bindir="$(find_bindir)"
  if [ -z "$bindir" ]; then
    install_postgres
    bindir="$(find_bindir)"
    [ -n "$bindir" ] || die "installed Debian's postgresql, but found no initdb, pg_ctl and postgres under /usr/lib/postgresql/*/bin."
  fi

  if [ "$(id -u)" -eq 0 ]; then
    if ! id -u "$system_user" >/dev/null 2>&1; then
      echo "Adding the system user $system_user to run PostgreSQL (initdb refuses to run as root)" >&2
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$system_user" >&2 \
        || die "could not add the system user $system_user, which runs PostgreSQL when this script runs as root."
    fi
    chown "$system_user:" "$dir"
    runuser -u "$system_user" -- test -w "$dir" \
      || die "$system_user cannot reach $dir (a folder above it is closed to other users): use a DIR under /tmp."
    [ ! -e "$dir/data" ] || chown -R "$system_user:" "$dir/data"
  fi

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    [ ! -e "$dir/data" ] || die "$dir/data exists but holds no cluster (no PG_VERSION): remove it, or choose another DIR."
    # UTF8 because the service stores any language's text; the C locale so text sorts and lower() works byte by
    # byte, as on SQLite. Trust, because the socket is in DIR and this is a test server; no sync, because a cluster
    # that a crash spoils is simply made again.
    if ! as_owner "$bindir/initdb" -D "$dir/data" -U "$user" --encoding=UTF8 --locale=C --auth=trust --no-sync >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      die "initdb failed in $dir/data (its output is above)."
    fi
  fi

  if as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    running="$(running_port)"
    if [ -n "$running" ] && [ "$running" != "$port" ]; then
      echo "cluster.sh: the server in $dir already runs on port $running; using that, not $port." >&2
      port="$running"
    fi
  else
    # A throwaway test cluster: no durability needed. fsync, synchronous_commit and full_page_writes off make writes
    # cheap (each test makes and drops a schema); a crash of the machine may then corrupt the cluster, which is fine
    # here and only here. listen_addresses='' opens no TCP port: the socket in DIR is the only way in.
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -s -w -t 60 -o \
      "-p $port -k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >&2; then
      tail -n 20 "$dir/log" >&2 || true
      die "PostgreSQL did not start in $dir (the end of its log, $dir/log, is above)."
    fi
  fi

  local exists
  exists="$("$bindir/psql" -X -q -h "$dir" -p "$port" -U "$user" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'")" \
    || die "PostgreSQL runs in $dir but does not answer on $socket."
  if [ "$exists" != 1 ]; then
    "$bindir/createdb" -h "$dir" -p "$port" -U "$user" --encoding=UTF8 --template=template0 "$database" >&2 \
      || die "could not create the database $database in $dir."
  fi

  echo "Host=$dir;Port=$port;Username=$user;Database=$database"
}

stop() {
  local keep="$1" bindir
  if [ ! -e "$dir" ]; then
    echo "cluster.sh: nothing in $dir to stop." >&2
    return
  fi
  [ -f "$dir/$marker" ] || die "$dir was not made by this script (no $marker in it): not touching it."
  if [ -f "$dir/data/postmaster.pid" ]; then
    bindir="$(find_bindir)"
    [ -n "$bindir" ] || die "a server runs in $dir, but this machine has no pg_ctl to stop it."
    if [ "$keep" = yes ]; then
      # Its data stays: shut down cleanly so the next start needs no recovery.
      as_owner "$bindir/pg_ctl" -D "$dir/data" -s -w -t 60 -m fast stop >&2 || die "could not stop the server in $dir."
    else
      # Its data goes: no need to write anything out first.
      as_owner "$bindir/pg_ctl" -D "$dir/data" -s -w -t 60 -m immediate stop >&2 || true
    fi
  fi
  if [ "$keep" != yes ]; then
    rm -rf -- "$dir"
  fi
}

[ $# -ge 2 ] || usage
command="$1"
mkdir_dir() {
  made_dir=no
  if [ ! -d "$2" ]; then
    mkdir -p -- "$2" || die "could not make the folder $2."
    made_dir=yes
  fi
  dir="$(cd -- "$2" && pwd -P)"
}
case "$command" in
  start)
    [ $# -le 3 ] || usage
    mkdir_dir "$@"
    start "${3:-$default_port}"
    ;;
  stop)
    [ $# -le 3 ] || usage
    keep=no
    if [ $# -eq 3 ]; then
      [ "$3" = --keep ] || usage
      keep=yes
    fi
    if [ -d "$2" ]; then
      dir="$(cd -- "$2" && pwd -P)"
    else
      dir="$2"
    fi
    stop "$keep"
    ;;
  *) usage ;;
esac
