#!/usr/bin/env bash
# Installs what `make serve` and `make test` need on a fresh Debian machine
# that has Rust (rustup), Node, Java and apt. Idempotent and version-checked:
# what is already there at the pinned version is skipped, so a second run
# takes seconds.
#
# Usage: scripts/install-tools.sh build   (to build and serve)
#        scripts/install-tools.sh test    (also the browser and test tools)
#        scripts/install-tools.sh bench   (also DuckDB, the exporter's baseline)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
SWS_VERSION=2.44.1
DUCKDB_VERSION=2.0.0
FRICTIONLESS_VERSION=5.21.0
TWIGGY_VERSION=0.8.0
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)

mode=${1:-build}
step() { printf 'tools: %s\n' "$*"; }

has_version() { # COMMAND EXPECTED-VERSION
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"
}

cargo_tool() { # COMMAND CRATE VERSION [--locked]
  local cmd=$1 crate=$2 version=$3 locked=${4:-}
  if has_version "$cmd" "$version"; then return; fi
  step "installing $crate $version (cargo install, a few minutes once)"
  cargo install $locked "$crate" --version "$version"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

cargo_tool trunk trunk "$TRUNK_VERSION" --locked
# Its lock file names a webpki-roots version the registry lacks: no --locked.
cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
cargo_tool static-web-server static-web-server "$SWS_VERSION" --locked

# wasm-opt (npm binaryen), axe-core, Lighthouse and the Nu HTML checker, at the
# versions in package-lock.json. (`npm ci` rejects this lock file over a peer
# dependency of Lighthouse; `npm install` honours it.) vnu-jar's postinstall
# would download a Java runtime: scripts stay off, the system Java runs it.
stamp=node_modules/.portal-installed
if ! cat package.json package-lock.json | cmp -s - "$stamp"; then
  step "installing npm tools from package-lock.json"
  npm install --no-audit --no-fund --ignore-scripts --loglevel=error
  cat package.json package-lock.json > "$stamp"
fi

if [[ $mode == test || $mode == bench ]]; then
  cargo_tool twiggy twiggy "$TWIGGY_VERSION" --locked
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    step "installing Chromium and ChromeDriver (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # The standard minisign, which the tests run on the signed sample as the
  # methodology page tells readers to.
  if ! command -v minisign >/dev/null; then
    step "installing minisign (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq minisign >/dev/null
  fi
  # nginx from Debian serves the site in the end-to-end tests too, with the
  # generated deploy/nginx.conf (brotli_static from the ngx_brotli module).
  if [[ ! -x /usr/sbin/nginx || ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]]; then
    step "installing nginx and its brotli_static module (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-brotli-static >/dev/null
  fi
  # Caddy from Debian serves the site in the end-to-end tests too, with the
  # generated deploy/Caddyfile and deploy/Caddyfile-portal (about 10 s).
  if [[ ! -x /usr/bin/caddy ]]; then
    step "installing Caddy (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null
  fi
  if ! command -v java >/dev/null; then
    echo "tools: java is needed for the Nu HTML checker (vnu.jar)" >&2
    exit 1
  fi
fi
# A Python package from PyPI in its own virtual environment under target/.
python_tool() { # venv package version
  local venv=$1 package=$2 version=$3
  if ! "$venv/bin/pip" show "$package" 2>/dev/null | grep -x "Version: $version" >/dev/null; then
    if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
      step "installing Python with venv (apt)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
    fi
    step "installing $package $version from PyPI into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$package==$version"
  fi
}
if [[ $mode == test ]]; then
  python_tool target/tools/venv frictionless "$FRICTIONLESS_VERSION"
  # WordPress's own host script for embeds, which an end-to-end test runs on
  # a news page: that one file of Debian's wordpress package (and the
  # package's version, which the test names when it fails), taken from the
  # .deb, since installing the package brings Apache, PHP and a MariaDB
  # client (32 packages) that the tests do without.
  if [[ ! -f target/tools/wordpress/wp-embed.min.js ]]; then
    step "extracting wp-embed.min.js from Debian's wordpress package (apt-get download)"
    apt-get update -qq
    deb=$(mktemp -d)
    (cd "$deb" && apt-get download -qq -o APT::Sandbox::User=root wordpress)
    mkdir -p target/tools/wordpress
    dpkg-deb --fsys-tarfile "$deb"/wordpress_*.deb \
      | tar -xO ./usr/share/wordpress/wp-includes/js/wp-embed.min.js > target/tools/wordpress/wp-embed.min.js.part
    dpkg-deb --field "$deb"/wordpress_*.deb Version > target/tools/wordpress/VERSION
    mv target/tools/wordpress/wp-embed.min.js.part target/tools/wordpress/wp-embed.min.js
    rm -r "$deb"
  fi
fi
if [[ $mode == bench ]]; then
  python_tool target/bench/venv duckdb "$DUCKDB_VERSION"
fi
step "ready"
