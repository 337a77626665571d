#!/usr/bin/env bash
# Install the system packages and the two non-Debian services (stripe-mock,
# Elasticsearch) that the test suite and scripts/services.sh need.
# Idempotent: a second run does no network work and finishes in about a second.
# Run as root on Debian 12.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVC="$ROOT/.services"

# Pinned versions (bump deliberately; services.sh reads ES_VERSION the same way).
STRIPE_MOCK_VERSION="${STRIPE_MOCK_VERSION:-v0.203.0}"
ES_VERSION="${ES_VERSION:-8.19.3}"

APT_PACKAGES=(
    postgresql          # test database server (run by services.sh, not the system unit)
    redis-server        # Celery broker / cache
    chromium            # Playwright browser tests
    fonts-noto-cjk      # Chinese glyphs in screenshots
    gettext             # manage.py compilemessages
    unzip               # unpacking the Elasticsearch zip
    docker-compose      # 1.29, only to validate docker-compose.yml (no engine here)
    wrk                 # HTTP load runs in benchmarks/README.md
)

log() { printf '[install] %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
    log "must run as root"; exit 1
fi

# --- Debian packages -------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    # "install ok installed" only; a half-removed package (rc/deinstall) counts as missing.
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done
if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Wait for another apt/dpkg run rather than failing on its lock.
    apt_opts=(-o DPkg::Lock::Timeout=600 -y -q)
    apt-get "${apt_opts[@]}" update
    apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}"
else
    log "apt packages already installed"
fi

# The Debian postgresql/redis packages start system-wide servers on 5432/6379
# where an init system exists. We never use them (services.sh runs private
# instances on other ports), so they are left alone.

mkdir -p "$SVC/bin"

# --- stripe-mock (Go module) ----------------------------------------------
# `stripe-mock -version` says "master" for go-installed builds; the module
# version recorded in the binary is what tells whether the pin changed.
if [[ -x "$SVC/bin/stripe-mock" ]] \
    && go version -m "$SVC/bin/stripe-mock" 2>/dev/null | grep -qE "^[[:space:]]+mod[[:space:]]+github.com/stripe/stripe-mock[[:space:]]+$STRIPE_MOCK_VERSION([[:space:]]|$)"; then
    log "stripe-mock $STRIPE_MOCK_VERSION already in $SVC/bin"
else
    command -v go >/dev/null || { log "go not found: needed for stripe-mock"; exit 1; }
    log "go install github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
    GOBIN="$SVC/bin" GOFLAGS=-buildvcs=false go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
fi

# --- Elasticsearch (integ-test zip from Maven Central) --------------------
# No Elastic download site is reachable here; Maven Central carries the
# integ-test distribution (server + x-pack core/security, no analysis-common).
ES_HOME="$SVC/elasticsearch-$ES_VERSION"
if [[ -x "$ES_HOME/bin/elasticsearch" ]]; then
    log "Elasticsearch $ES_VERSION already unpacked in $ES_HOME"
else
    m2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
    zip="$m2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
    if [[ ! -s "$zip" ]]; then
        command -v mvn >/dev/null || { log "mvn not found: needed for Elasticsearch"; exit 1; }
        log "mvn dependency:get elasticsearch $ES_VERSION"
        # -Dtransitive=false: the artifact's pom is absent on Central; the zip is what we want.
        mvn -q -B dependency:get -Dtransitive=false -Dmaven.repo.local="$m2" \
            -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
    fi
    [[ -s "$zip" ]] || { log "Elasticsearch zip not found at $zip"; exit 1; }
    log "unzipping $zip"
    tmp="$(mktemp -d "$SVC/.es-unzip.XXXXXX")"
    unzip -q "$zip" -d "$tmp"
    # The zip holds one top-level directory elasticsearch-<version>; move it atomically
    # so an interrupted unzip never looks like a finished install.
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$tmp"
fi

log "done"
