# The two commands of the README:
#   make serve   build the portal with the bundled sample data and serve it
#                on http://127.0.0.1:8080
#   make test    every check and test, ending with the test runner's summary
# Both first install whatever is missing (scripts/install-tools.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# npm's wasm-opt (binaryen 132) must come before anything else on PATH.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

PORT ?= 8080
# Public origin for canonical, hreflang and Open Graph URLs, feeds, the
# sitemap and embed snippets: `make build` needs it (HTTPS, not this
# machine); the local builds use http://127.0.0.1:$(PORT).
SITE_URL ?=
# The path the portal is served under on its host: empty for the root of
# the host, /portal for https://example.org/portal/ (README, "Under a
# path"). Every link, asset, data file and embed snippet follows it.
BASE_PATH ?=
# Portal code budget: wasm + JS that any page loads, KB brotli -q 11.
BUDGET_KB := 100
# Each widget page with its CSS and script, and the host script /embed.js.
WIDGET_KB := 15
HOST_KB := 1
DIST := dist
# The tests' second site: the same Trunk build prerendered under /portal.
PORTAL_DIST := target/dist-portal
WASM_NAMED := target/wasm32-unknown-unknown/release/portal.wasm
# The module that draws the explorer's own views as SVG (src/figure_svg.rs):
# the library with the `figure-svg` feature, without the islands; boot.js
# loads it on a click, so it is not in any page's budget (`make budget`
# prints it on its own).
FIGURE_SVG_WASM := target/wasm32-unknown-unknown/figure-svg/portal.wasm
SERVE := static-web-server -w serve.toml -a 127.0.0.1

.PHONY: help serve test build local site dist-portal data tools tools-test check unit-tests browser-tests e2e html-check data-check budget bench releases-bench releases-bench-run screenshots clean

help:
	@echo "make serve        build and serve the portal on http://127.0.0.1:$(PORT)"
	@echo "make test         run every check and test"
	@echo "make build        build the site to deploy into $(DIST)/ (SITE_URL=https://your.origin)"
	@echo "make data         regenerate the shipped sample data in public/data/"
	@echo "make bench        exporter (series, vs DuckDB), export size and decode time, explorer update time, Lighthouse"
	@echo "make releases-bench  build time and size of dist/ for the sample series and a year of 52 releases"
	@echo "make screenshots  every route at phone and desktop size, light and dark, JS on and off"

tools:
	@scripts/install-tools.sh build

tools-test:
	@scripts/install-tools.sh test

# `make build` is the site to deploy: the prerender stops unless SITE_URL
# is its public HTTPS origin. `make serve`, the tests, the benchmarks and
# the screenshots build the same site for this machine (`local`).
build: site
local: SITE_URL := http://127.0.0.1:$(PORT)
local: PRERENDER_FLAGS := --local
local: site

# Trunk compiles the islands to wasm and hashes the assets; the prerender tool
# then writes every route as HTML from the same components, into the page
# template Trunk wrote (kept in target/ for tests that build pages again);
# last, every text file gets a .br and a .gz twin for the server (kept in
# target/precompress by content, so that an unchanged file, an archived
# release above all, is not compressed again).
site: tools
	@SITE_URL=$(SITE_URL) BASE_PATH=$(BASE_PATH) cargo run --quiet --features ssr --bin prerender -- --check-origin $(PRERENDER_FLAGS)
	trunk build --release
	@# Minify the scripts (the sources in public/ stay readable): boot.js and
	@# the wasm-bindgen glue are modules, the widget and builder scripts classic.
	for f in $(DIST)/boot.js $(DIST)/portal-*.js; do terser "$$f" --module -c -m -o "$$f"; done
	for f in $(DIST)/embed.js $(DIST)/builder.js $(DIST)/embed/widget.js; do terser "$$f" -c -m -o "$$f"; done
	cargo build --quiet --lib --target wasm32-unknown-unknown --profile figure-svg --features figure-svg
	wasm-bindgen --target web --no-typescript --out-dir $(DIST) --out-name figure-svg $(FIGURE_SVG_WASM)
	node scripts/drop-unused-exports.mjs $(DIST)/figure-svg_bg.wasm
	terser $(DIST)/figure-svg.js --module -c -m -o $(DIST)/figure-svg.js
	mkdir -p target && cp $(DIST)/index.html target/index.template.html
	SITE_URL=$(SITE_URL) BASE_PATH=$(BASE_PATH) cargo run --quiet --features ssr --bin prerender -- $(DIST) --template target/index.template.html --cards-cache target $(PRERENDER_FLAGS)
	node scripts/precompress.mjs $(DIST) target/precompress

# The site under a base path, for the end-to-end test behind nginx: Trunk's
# output in dist/ (its URLs are the root's; the prerender moves them under
# the base), without the root's pages' precompressed twins, which nginx
# would send instead of the new pages; prerendered again. No second Trunk
# build, and no precompression (nginx sends the files as they are).
dist-portal:
	rm -rf $(PORTAL_DIST) && mkdir -p $(PORTAL_DIST)
	tar -C $(DIST) --exclude='*.br' --exclude='*.gz' -cf - . | tar -C $(PORTAL_DIST) -xf -
	SITE_URL=http://127.0.0.1:$(PORT) BASE_PATH=/portal cargo run --quiet --features ssr --bin prerender -- $(PORTAL_DIST) --template target/index.template.html --cards-cache target --local

# Synthetic raw incidents (seeded) through the real exporter into
# public/data/: the sample release the portal ships.
data:
	cargo run --quiet --features ssr --bin exporter -- sample --csv target/sample/incidents.csv --out-dir public/data

serve: local
	@echo "serving $(DIST)/ on http://127.0.0.1:$(PORT) (Ctrl-C stops)"
	$(SERVE) -p $(PORT) -d $(DIST) --page404 $(DIST)/404.html

check:
	cargo fmt --check
	cargo clippy --quiet --features e2e --all-targets -- -D warnings
	cargo clippy --quiet --target wasm32-unknown-unknown --features hydrate --all-targets -- -D warnings
	cargo clippy --quiet --target wasm32-unknown-unknown --features figure-svg --lib -- -D warnings

unit-tests:
	cargo test --quiet --features ssr

browser-tests:
	cargo test --target wasm32-unknown-unknown --features hydrate --test web

# The Data Package the build writes describes export.csv: frictionless
# reads the CSV by it and checks the header and every row's types.
data-check:
	cd $(DIST)/data && $(CURDIR)/target/tools/venv/bin/frictionless validate datapackage.json

# The prerendered pages, and the states of the statistics page that only
# the browser draws (the release check's status, the error notices, the
# ignored-values note, narrowed reports), which tests/browser_states.rs
# writes into target/browser-states/ with the explorer's own code.
html-check:
	cargo test --quiet --features ssr --test browser_states
	@echo "vnu: checking $$(find $(DIST) -name '*.html' | wc -l) prerendered HTML files and $$(find target/browser-states -name '*.html' | wc -l) drawn only in the browser"
	java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only $$(find $(DIST) target/browser-states -name '*.html' | sort)
	@echo "vnu: 0 errors"

budget:
	node scripts/budget.mjs $(DIST) $(BUDGET_KB) $(WASM_NAMED) $(WIDGET_KB) $(HOST_KB)

e2e:
	cargo test --quiet --features e2e --test e2e

test: tools-test check unit-tests browser-tests local dist-portal html-check data-check budget e2e

# The price of protecting the series, the 52nd weekly release of a year of
# 10 M rows against DuckDB, five years in one release; export size, decode
# time natively and in Chromium, filter-to-screen time of the explorer
# (sample, five years and an export at every limit, CPU throttled ×4), then
# Lighthouse. Prints figures; fails only when something
# breaks.
bench: local
	@scripts/install-tools.sh bench
	cargo build --quiet --profile native --features exporter --bin exporter
	node scripts/exporter-bench.mjs target/native/exporter target/bench/venv/bin/python
	node scripts/size.mjs target/bench/5y/out/export.json target/bench/10m/out/export.json public/data/export.json
	node scripts/limits-export.mjs target/bench/limits/export.json
	for f in target/bench/5y/out/export.json target/bench/10m/out/export.json target/bench/limits/export.json; do target/native/exporter validate --repeat 15 $$f; done
	WASM_BINDGEN_TEST_TIMEOUT=600 cargo test --release --target wasm32-unknown-unknown --features wasm-bench --test decode -- --nocapture > target/bench/decode.log 2>&1 || { cat target/bench/decode.log; exit 1; }
	grep -E '^decode|test result' target/bench/decode.log
	node scripts/explorer-bench.mjs $(DIST) en target/bench/5y/out/export.json target/bench/10m/out/export.json target/bench/limits/export.json
	node scripts/bench.mjs $(DIST) en
	$(MAKE) --no-print-directory releases-bench-run

# What a year of weekly releases costs the build: the prerender (pages,
# widgets, widgets pinned to each archived release) and precompression
# time, and the size of dist/, for the shipped sample series and for 52
# weekly releases exported at the sample's density.
releases-bench: local releases-bench-run

releases-bench-run:
	cargo build --quiet --features ssr --bin exporter --bin prerender
	node scripts/releases-bench.mjs $(DIST) target/debug/exporter target/debug/prerender target/index.template.html

screenshots: tools-test local
	node scripts/screenshots.mjs $(DIST) screenshots

clean:
	rm -rf $(DIST) screenshots target/bench target/sample target/precompress target/cards
