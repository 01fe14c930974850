# Shared set-up for scripts/serve-demo and scripts/test. Source it, do not run it.
#
# It prepares, idempotently and only where something is missing:
#   - a virtualenv ($DPO_VENV, default ~/.cache/dpo_records/venv) on Python 3.11 or 3.12;
#   - Odoo 18.0, taken from an importable `odoo`, $ODOO_SRC, /opt/odoo or a shallow
#     upstream git clone, in that order, installed editable (compat mode, see below);
#   - the Python requirements of Odoo, of the addon and of the tests;
#   - a PostgreSQL server that answers, and a database role that is not `postgres`;
#   - an addons folder holding a symlink named `dpo_records` to this checkout, since
#     the checkout's own folder name is arbitrary.
# Every prerequisite it cannot install stops it with one line saying what to do.

set -euo pipefail

DPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The virtualenv and the state (addons link, config, logs, a private PostgreSQL) live
# outside the checkout: the checkout is the addon, and Odoo walks the addon's folder.
DPO_HOME=${DPO_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/dpo_records}
DPO_STATE=${DPO_STATE:-$DPO_HOME/state-$(basename "$DPO_ROOT")-$(printf '%s' "$DPO_ROOT" | sha1sum | cut -c1-8)}
DPO_VENV=${DPO_VENV:-$DPO_HOME/venv}
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
PGHOST=${PGHOST:-localhost}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-odoo}
PGPASSWORD=${PGPASSWORD:-odoo}
export PGHOST PGPORT PGUSER PGPASSWORD

# Database names are per checkout, so that two checkouts on one machine never share (or
# drop) each other's databases: a checkout in a folder named after the addon uses dpo_test
# and dpo_demo, any other folder adds its name (…/harness: dpo_test_harness).
dpo_checkout_suffix() {
    local name
    name=$(basename "$DPO_ROOT" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9_\n' '_' | cut -c1-30)
    [ "$name" = dpo_records ] || printf '_%s' "$name"
}
DPO_TEST_DB=${DPO_TEST_DB:-dpo_test$(dpo_checkout_suffix)}
DPO_DEMO_DB=${DPO_DEMO_DB:-dpo_demo$(dpo_checkout_suffix)}

# pip's chatter goes to a log; its tail is shown when it fails.
pip_install() {
    mkdir -p "$DPO_STATE"
    "$PIP" install -q "$@" >>"$DPO_STATE/pip.log" 2>&1 || {
        tail -n 20 "$DPO_STATE/pip.log" >&2
        return 1
    }
}

say() { printf '[dpo] %s\n' "$*" >&2; }
die() { printf '[dpo] ERROR: %s\n' "$*" >&2; exit 1; }

pick_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    die "Python 3.11 or 3.12 is needed: install it (apt-get install python3 python3-venv) or set PYTHON=/path/to/python3.11"
}

ensure_venv() {
    if [ ! -x "$DPO_VENV/bin/python" ]; then
        local python
        python=$(pick_python)
        say "creating virtualenv $DPO_VENV with $python"
        "$python" -m venv "$DPO_VENV" || die "cannot create a virtualenv: install python3-venv (apt-get install python3-venv)"
        PIP="$DPO_VENV/bin/pip"
        pip_install --upgrade pip wheel "setuptools<81"
    fi
    PY="$DPO_VENV/bin/python"
    PIP="$DPO_VENV/bin/pip"
}

# Where the Odoo 18.0 source tree is; clones upstream when nothing else is found.
odoo_source() {
    local candidate
    for candidate in "${ODOO_SRC:-}" /opt/odoo "$DPO_STATE/odoo"; do
        if [ -n "$candidate" ] && [ -f "$candidate/odoo/release.py" ]; then
            echo "$candidate"
            return 0
        fi
    done
    command -v git >/dev/null 2>&1 || die "Odoo 18.0 sources not found: set ODOO_SRC to an Odoo 18.0 tree, or install git"
    say "cloning Odoo 18.0 from $ODOO_GIT_URL (shallow)"
    git clone -q --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$DPO_STATE/odoo" ||
        die "cannot clone Odoo 18.0: set ODOO_SRC to an Odoo 18.0 source tree (or put one at /opt/odoo)"
    echo "$DPO_STATE/odoo"
}

ensure_odoo() {
    if "$PY" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null; then
        ODOO_HOME=$("$PY" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))')
    else
        ODOO_HOME=$(odoo_source)
        grep -q "version_info = (18, 0" "$ODOO_HOME/odoo/release.py" || die "$ODOO_HOME is not Odoo 18.0: point ODOO_SRC at an Odoo 18.0 tree"
        say "installing Odoo requirements (pinned)"
        pip_install --prefer-binary -r "$DPO_ROOT/requirements-odoo.txt" ||
            die "cannot install Odoo's Python requirements: check access to PyPI"
        # compat mode: the default editable mode turns `odoo` into a namespace package as
        # soon as an OCA addon from PyPI (odoo/addons/...) is installed, and `import odoo` breaks.
        say "installing Odoo from $ODOO_HOME (editable, compat mode)"
        pip_install --no-deps -e "$ODOO_HOME" --config-settings editable_mode=compat ||
            die "cannot install Odoo from $ODOO_HOME"
    fi
    local stamp="$DPO_VENV/.dpo-requirements"
    local want
    want=$(cat "$DPO_ROOT/requirements.txt" "$DPO_ROOT/requirements-dev.txt" | sha256sum)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        say "installing the addon's and the tests' requirements"
        pip_install -r "$DPO_ROOT/requirements.txt" -r "$DPO_ROOT/requirements-dev.txt" ||
            die "cannot install requirements.txt / requirements-dev.txt: check access to PyPI"
        echo "$want" >"$stamp"
    fi
    "$PY" -c 'import odoo' || die "the virtualenv's odoo does not import: delete $DPO_VENV and run again"
}

pg_answers() {
    pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null
}

# Starts PostgreSQL when none answers: the machine's cluster if there is one, else a
# private cluster under .dpo/pgdata (needs the server binaries).
ensure_postgres() {
    command -v pg_isready >/dev/null 2>&1 || die "PostgreSQL client tools are missing: apt-get install postgresql"
    if ! pg_answers; then
        if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ] && [ "$(id -u)" = 0 ]; then
            local version cluster
            read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
            say "starting PostgreSQL cluster $version/$cluster"
            pg_ctlcluster "$version" "$cluster" start || true
        else
            start_private_postgres
        fi
        local i
        for i in $(seq 1 30); do pg_answers && break; sleep 1; done
        pg_answers || die "PostgreSQL does not answer on $PGHOST:$PGPORT: start it, or set PGHOST/PGPORT"
    fi
    # Odoo refuses to run as `postgres`: make sure our own role exists.
    if ! psql -d postgres -c 'select 1' >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
            say "creating PostgreSQL role $PGUSER"
            (cd / && env -u PGHOST -u PGUSER -u PGPASSWORD runuser -u postgres -- \
                psql -q -p "$PGPORT" -c "CREATE ROLE \"$PGUSER\" LOGIN CREATEDB PASSWORD '$PGPASSWORD'") ||
                die "cannot create PostgreSQL role $PGUSER"
        else
            die "PostgreSQL role $PGUSER cannot log in: create it (createuser -d $PGUSER) or set PGUSER/PGPASSWORD"
        fi
    fi
}

start_private_postgres() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$bindir" ] || die "no PostgreSQL server: apt-get install postgresql, or set PGHOST/PGPORT to a running one"
    local data="$DPO_STATE/pgdata"
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        say "initialising a private PostgreSQL cluster in $data"
        printf '%s\n' "$PGPASSWORD" >"$DPO_STATE/pgpass"
        "$bindir/initdb" -q -D "$data" -U "$PGUSER" --pwfile="$DPO_STATE/pgpass" -A md5 >/dev/null
    fi
    say "starting the private PostgreSQL cluster"
    "$bindir/pg_ctl" -D "$data" -l "$DPO_STATE/postgres.log" -o "-p $PGPORT -k /tmp" start >/dev/null
}

# An addons folder with a symlink named after the module: Odoo and pytest-odoo need the
# folder name to be the technical name, whatever the checkout is called.
ensure_addons_link() {
    mkdir -p "$DPO_STATE/addons"
    ln -sfn "$DPO_ROOT" "$DPO_STATE/addons/dpo_records"
    ADDONS_PATH="$ODOO_HOME/addons,$ODOO_HOME/odoo/addons,$DPO_STATE/addons"
    MODULE_DIR="$DPO_STATE/addons/dpo_records"
}

# Installs a Debian package when its command is missing (as root), else stops with one line.
ensure_command() {
    local package=$1 purpose=$2 name
    shift 2
    for name in "$@"; do
        command -v "$name" >/dev/null 2>&1 && return 0
    done
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing $package ($purpose)"
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package"; } \
            >"$DPO_STATE/apt.log" 2>&1 || die "cannot install $package: see $DPO_STATE/apt.log"
    else
        die "$purpose needs $package: apt-get install $package"
    fi
}

# Headless Chromium for the browser tests (tours); Odoo looks for it on the PATH.
ensure_browser() {
    ensure_command chromium "the browser tests" chromium chromium-browser google-chrome
}

# The signed copies of orders, statements and protocols are PDFs made by wkhtmltopdf.
ensure_wkhtmltopdf() {
    ensure_command wkhtmltopdf "printing PDFs" wkhtmltopdf
}

setup_all() {
    mkdir -p "$DPO_STATE"
    ensure_venv
    ensure_odoo
    ensure_postgres
    ensure_addons_link
    write_odoo_conf
}

odoo_bin() {
    "$PY" -m odoo -c "$ODOO_CONF" "$@"
}

# Odoo's own config file, for odoo-bin and pytest-odoo alike.
write_odoo_conf() {
    ODOO_CONF="$DPO_STATE/odoo.conf"
    cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $ADDONS_PATH
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = $PGPASSWORD
data_dir = $DPO_STATE/filestore
http_interface = 127.0.0.1
CONF
}

# Runs odoo-bin with a fresh log; fails when the log holds a warning or an error, since
# the module must install and upgrade cleanly.
odoo_clean_run() {
    local log=$1
    shift
    local status=0
    # Odoo appends to --logfile: start it empty, or an earlier run's warnings fail this one.
    : >"$log"
    "$PY" -m odoo -c "$ODOO_CONF" --stop-after-init --log-level=info --logfile="$log" "$@" || status=$?
    if [ "$status" != 0 ] || grep -E " (WARNING|ERROR|CRITICAL) " "$log" | grep -v "Running as user 'root'" >/dev/null; then
        grep -E -A 20 " (WARNING|ERROR|CRITICAL) " "$log" | grep -v "Running as user 'root'" | head -n 60 >&2
        die "odoo $* did not run cleanly (exit $status); full log: $log"
    fi
}

# Databases made by these scripts carry a mark (a PostgreSQL comment on the database, set
# right after CREATE DATABASE, before anything can fail): a script drops or remakes only a
# database bearing its own mark, never one it did not create.
DPO_TEST_MARK="made by dpo_records scripts/test"
DPO_DEMO_MARK="made by dpo_records scripts/serve-demo"

check_db_name() {
    [[ $1 =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$ ]] ||
        die "database name «$1» is not allowed: use letters, digits, _ . - (at most 63)"
}

db_exists() {
    [ "$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

db_mark() {
    psql -d postgres -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$1'"
}

# Whether the database holds dpo_records installed.
db_has_module() {
    [ "$(psql -d "$1" -Atc "SELECT 1 FROM ir_module_module WHERE name = 'dpo_records' AND state = 'installed'" 2>/dev/null)" = 1 ]
}

# Creates database $1 the way Odoo does (UTF-8, C collation, pg_trgm) and marks it with $2.
create_marked_db() {
    local db=$1 mark=$2
    createdb -T template0 -E UTF8 --lc-collate=C "$db" || die "cannot create the database $db"
    psql -d postgres -qc "COMMENT ON DATABASE \"$db\" IS '$mark'" || die "cannot mark the database $db"
    psql -d "$db" -qc "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null 2>&1 || true
}

# Drops database $1 only when it bears mark $2; a database that does not exist is fine.
# $3 says what to do instead, for the refusal.
drop_own_db() {
    local db=$1 mark=$2 advice=$3
    db_exists "$db" || return 0
    [ "$(db_mark "$db")" = "$mark" ] || die "database $db exists and was not made by this script: it is left untouched. $advice"
    dropdb "$db" || die "cannot drop the database $db (is a server still connected to it?)"
}
