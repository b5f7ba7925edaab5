# Nickara. The two commands a newcomer needs:
#   make serve   install what is missing, build, serve the page on http://localhost:$(PORT)
#   make test    install what is missing, run every test
# and the loop while changing code: make check (format, lints, the library's own tests).
# Everything comes from the package registries (crates.io, npm, PyPI, Debian); nothing is
# downloaded from GitHub or a CDN.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8000
MNIST ?= ../shared/data/mnist
export PATH := $(HOME)/.cargo/bin:$(PATH)
export NICKARA_MNIST ?= $(abspath $(MNIST))

# wasm-pack must find a wasm-bindgen CLI of exactly the version in Cargo.toml, or it tries
# to download one from GitHub.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
RUST_SOURCES := $(shell find src -name '*.rs') Cargo.toml Cargo.lock .cargo/config.toml .cargo/tract-nnef.patch \
	model/nickara.nnef.tar model/calibration.json
WASM := pkg/nickara_bg.wasm
# The wasm is optimized for size, except tract-linalg's kernels (Cargo.toml): 7.0 MB instead
# of 11.5 MB for ~10% slower inference (tests/bench/README.md, levers). The browser tests use the
# same setting, so they test this build and share its compiled dependencies.
WASM_PROFILE := CARGO_PROFILE_RELEASE_OPT_LEVEL=z

# tract-nnef with .cargo/tract-nnef.patch applied, where Cargo.toml's [patch.crates-io] points:
# 1.9 → 1.4 MB of gzipped wasm (README, "tract, patched"). Made before any target runs (make
# remakes an included makefile first), from the crate cargo downloads and checks itself.
TRACT_NNEF_VERSION := $(shell sed -n 's/^tract-nnef = { version = "=\([^"]*\)".*/\1/p' Cargo.toml)
TRACT_NNEF := target/patched/tract-nnef-$(TRACT_NNEF_VERSION)
-include $(TRACT_NNEF)/patched.mk
$(TRACT_NNEF)/patched.mk: .cargo/tract-nnef.patch
	@rustup toolchain install >/dev/null
	rm -rf $(TRACT_NNEF) target/patched/fetch && mkdir -p target/patched/fetch/src
	touch target/patched/fetch/src/lib.rs
	printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\ntract-nnef = { version = "=%s", default-features = false }\n[workspace]\n' \
	  $(TRACT_NNEF_VERSION) > target/patched/fetch/Cargo.toml
	cargo fetch --quiet --manifest-path target/patched/fetch/Cargo.toml
	tar xzf "$$(ls $${CARGO_HOME:-$$HOME/.cargo}/registry/cache/*/$(notdir $(TRACT_NNEF)).crate | head -1)" -C target/patched
	git apply --directory=$(TRACT_NNEF) .cargo/tract-nnef.patch
	touch $@

.PHONY: help serve check test site offline-stamp icons package tools browser test-rust test-wasm test-e2e test-package \
	lint robustness clean

help:
	@echo "make serve   build and serve the page on http://localhost:$(PORT) (PORT=... to change)"
	@echo "make check   the quick loop: format, clippy, the library's unit and property tests (no browser)"
	@echo "make model-quick  the training recipe on a small budget (no search, 4 epochs), for comparing levers"
	@echo "make test    every test: Rust, wasm in Chromium, end-to-end page, training smoke (what CI runs)"
	@echo "make model   rerun the training pipeline (EPOCHS=, POOLED_EPOCHS=, EVALS=, DATA=)"
	@echo "make whole   retrain only the network's \"one whole digit\" output (about 3 min; no digit training)"
	@echo "make recalibrate  recompute only the model's \"not sure\" threshold (no training)"
	@echo "make ceiling  how far the card's network can go on the augmented test (about 40 min)"
	@echo "make site    build the static site into dist/ (what GitHub Pages serves)"
	@echo "make icons   render the web app icons (www/icons/) from www/icon.svg"
	@echo "make package build the npm package into pkg/ (npm publish pkg publishes it)"
	@echo "make robustness  rerun the robustness suites and write model/robustness.json"
	@echo "make handwriting  the shipped model on real handwriting of unseen writers (model/handwriting-*.json)"
	@echo "make bench   benchmark against onnxruntime-web and TensorFlow.js (not part of make test)"

## Tools ---------------------------------------------------------------------------------

# rust-toolchain.toml pins the toolchain; this installs it (with its targets and components)
# where it is missing, since rustup here does not install toolchains on first use.
tools:
	@rustup toolchain install >/dev/null
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@command -v wasm-pack >/dev/null || cargo install wasm-pack --locked
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	  || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; }

## Build ---------------------------------------------------------------------------------

$(WASM): $(RUST_SOURCES) | tools
	$(WASM_PROFILE) wasm-pack build --release --target web --out-dir pkg

# The site: the page, www/ (less the service worker's source) and the package. The page learns
# the wasm's size for its download progress (a compressing server's Content-Length counts the
# compressed bytes); last, the service worker is stamped with the content hash of it all.
site: $(WASM) pkg/pad
	rm -rf dist && mkdir -p dist/pkg dist/www
	cp -r www/. dist/www/
	rm dist/www/sw.js
	cp -r pkg/nickara.js pkg/nickara_bg.wasm pkg/pad dist/pkg/
	sed "s/data-bytes=\"\"/data-bytes=\"$$(stat -c %s pkg/nickara_bg.wasm)\"/" index.html > dist/index.html
	grep -q 'data-bytes="[1-9]' dist/index.html
	$(MAKE) --no-print-directory offline-stamp SITE=dist

# Stamps a built site for offline use: writes SITE/sw.js, the service worker of www/sw.js
# headed by the site's content hash and each file's SHA-256 (every file below SITE but sw.js).
# An unchanged build writes the same sw.js, so browsers keep what they saved; a change to any
# file, or to the worker's own code, gives a new sw.js, which they pick up. The end-to-end
# tests stamp their own copies of the site with it to stage a new deployment.
offline-stamp:
	@test -d "$(SITE)" || { echo "usage: make offline-stamp SITE=DIR (a built site, e.g. dist)"; exit 1; }
	@cd "$(SITE)" && rm -f sw.js && \
	sums=$$(find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum) && \
	version=$$({ printf '%s\n' "$$sums"; sha256sum < "$(CURDIR)/www/sw.js"; } | sha256sum | cut -c1-16) && \
	{ echo "// Written by make offline-stamp from www/sw.js: this build's files and their hashes."; \
	  echo "const VERSION = \"$$version\";"; \
	  echo "const FILES = {"; \
	  printf '%s\n' "$$sums" | awk '{ printf "  \"%s\": \"%s\",\n", $$2, $$1 }'; \
	  echo "};"; echo; cat "$(CURDIR)/www/sw.js"; } > sw.js && \
	echo "offline: $(SITE)/sw.js, version $$version, $$(printf '%s\n' "$$sums" | wc -l) files"

# The npm package `nickara` in pkg/, as `npm publish pkg` publishes it: wasm-pack's package.json
# (name, version, description, licence and repository from Cargo.toml; the module, its types
# and the wasm its only files) with the README's section for the package as its README.
PACKAGE_README := /^<!-- package README -->$$/,/^<!-- end of the package README -->$$/

PAD_FILES := $(wildcard pad/*.js) pad/index.d.ts

package: $(WASM) pkg/pad
	node -e "$$PACKAGE_JSON"
	{ printf '# nickara\n\n%s\n\n' "$$(sed -n 's/^description = "\(.*\)"/\1/p' Cargo.toml)"; \
	  sed -n '$(PACKAGE_README)p' README.md | sed '1d;$$d'; } > pkg/README.md
	@grep -q classifyNumber pkg/README.md \
	  || { echo "README.md lost the markers around the package's section"; exit 1; }

# The element `<nickara-pad>` (pad/) beside the module it imports (`../nickara.js`), as the
# package ships it and the site serves it.
pkg/pad: $(PAD_FILES) $(WASM)
	rm -rf pkg/pad && mkdir -p pkg/pad
	cp $(PAD_FILES) pkg/pad/
	touch pkg/pad

# wasm-pack's package.json gains the element: a second entry `nickara/pad` (typed), the worker
# for bundlers that need its URL (`nickara/worker`), the wasm's URL, and their files.
define PACKAGE_JSON
const fs = require("fs");
const file = "pkg/package.json";
const p = JSON.parse(fs.readFileSync(file, "utf8"));
p.files = [...new Set([...p.files, "pad/"])];
p.exports = {
  ".": { types: "./nickara.d.ts", default: "./nickara.js" },
  "./pad": { types: "./pad/index.d.ts", default: "./pad/index.js" },
  "./worker": "./pad/worker.js",
  "./nickara_bg.wasm": "./nickara_bg.wasm",
  "./package.json": "./package.json",
};
p.sideEffects = [...new Set([...(p.sideEffects ?? []), "./pad/index.js"])];
fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
endef
export PACKAGE_JSON

# The built site, as deployed (its service worker needs the stamped dist/sw.js).
serve: site
	@echo "Nickara on http://localhost:$(PORT)/ (Ctrl+C to stop)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

# The manifest's PNG icons, rendered from www/icon.svg by Chromium; committed, so run this
# after changing the SVG.
icons: browser
	npm ci --prefix tests/e2e --no-audit --no-fund
	node tests/e2e/icons.mjs

## Tests ---------------------------------------------------------------------------------

# The quick loop while changing code: no browser, no training, no wasm build.
check: tools
	@start=$$SECONDS; \
	cargo fmt --check && \
	cargo clippy --all-targets -- -D warnings && \
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings && \
	cargo test --lib --test properties --test normalize --test reading --test api_errors && \
	echo "make check: $$((SECONDS - start)) s"

# Every test, stage by stage, each stage's time printed at the end.
TEST_STAGES := lint test-rust test-wasm test-e2e test-package test-model
test:
	@tests/stages.sh "make test" $(TEST_STAGES)

# The crates of the tools (CLI, converter, evaluation) that the library without its default
# features must not depend on.
TOOL_CRATES := clap|png|flate2|tract-onnx|jpeg-encoder|jpeg-decoder

lint: tools
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --no-default-features -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
	@found=$$(cargo tree -e normal --no-default-features --prefix none --format '{p}' \
	  | awk '{ print $$1 }' | { grep -xE '$(TOOL_CRATES)' || true; } | sort -u | xargs); \
	  if [ -n "$$found" ]; then \
	    echo "the library with default-features = false depends on $$found; put them behind a feature"; \
	    exit 1; \
	  fi

test-rust:
	cargo test

# The wasm API in headless Chromium; release, because tract in a debug build is ~40x slower.
test-wasm: tools browser
	$(WASM_PROFILE) wasm-pack test --headless --chrome --release -- --test web

# The built site (the release package, exactly as deployed) driven by Chromium.
test-e2e: site browser
	npm ci --prefix tests/e2e --no-audit --no-fund
	SITE_DIR=$(abspath dist) npm test --prefix tests/e2e

# The package as its users get it: packed, installed into a fresh project, type-checked,
# bundled and run in Chromium, its answers compared with the CLI's (the binary cargo test built).
test-package: package browser
	cargo build --profile test --bin nickara
	npm ci --prefix tests/package --no-audit --no-fund
	NICKARA_CLI="$${CARGO_TARGET_DIR:-$(abspath target)}/debug/nickara" npm test --prefix tests/package

# The long measurements, each with its time at the end; their steps are the targets NAME-run.
LONG := bench handwriting robustness model model-quick whole
.PHONY: $(LONG) $(LONG:%=%-run)
$(LONG):
	@tests/stages.sh "make $@" $@-run

# The shipped model's numbers on the robustness suites; tests/robustness.rs holds them.
robustness-run:
	cargo run --release --quiet -- eval --mnist $(MNIST) --suites --json model/robustness.json

DATA := $(MNIST)
include model/model.mk
include tests/bench/bench.mk

clean:
	rm -rf target pkg dist tests/e2e/node_modules tests/package/node_modules tests/bench/node_modules \
	  tests/bench/.build
