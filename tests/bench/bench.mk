# Benchmark: `make bench`. Included by the top-level Makefile; paths are
# relative to the repository root. Not part of `make test`.
#
#   make bench                        native criterion bench + browser bench, prints the table
#   make bench BENCH_ROUNDS=20        more interleaved rounds (see tests/bench/run.mjs for all knobs)
#   make bench-browser                the browser part only (needs dist/: make site)
#   make bench-limits                 the slowest accepted inputs and the memory soak (needs dist/)
#   make bench-ready                  the page's time to ready, fast and throttled (needs dist/)
#   make bench-ready BENCH_BASELINE=REV   … and the page of git revision REV beside it
#   make bench-size                   where the wasm's bytes are (twiggy, by crate and by item)
#
# Steps run one after another, never in parallel: they time each other otherwise.

BENCH_DIR   := tests/bench
BENCH_VENV  := $(BENCH_DIR)/.venv
BENCH_BUILD := $(BENCH_DIR)/.build
BENCH_TFJS  := $(BENCH_BUILD)/tfjs
BENCH_NPM   := $(BENCH_DIR)/node_modules/.installed
BENCH_PY    ?= python3

BENCH_BASELINE ?=

.PHONY: bench-native bench-browser bench-tfjs bench-limits bench-ready bench-size

bench-run: site browser
	@$(MAKE) --no-print-directory bench-native
	@$(MAKE) --no-print-directory bench-browser
	@$(MAKE) --no-print-directory bench-limits
	@$(MAKE) --no-print-directory bench-ready
	@$(MAKE) --no-print-directory bench-size

# Criterion: normalization, inference (FLOP/s), whole paths, model load. Results land in
# target/criterion/, where the browser bench picks them up for its "native" column.
bench-native:
	cargo bench --bench native -- --noplot

bench-browser: $(BENCH_NPM) bench-tfjs
	SITE_DIR=$(abspath dist) CRITERION_DIR="$${CARGO_TARGET_DIR:-$(abspath target)}/criterion" \
	  node $(BENCH_DIR)/run.mjs

# The largest inputs the limits accept (time, peak wasm memory) and 10,000 mixed calls on one
# Recognizer, which must leave wasm memory where it was after the first 1,000.
bench-limits: $(BENCH_NPM)
	SITE_DIR=$(abspath dist) node $(BENCH_DIR)/limits.mjs

# Navigation → model ready for the built site, unthrottled and at 1.6 Mbit/s; with
# BENCH_BASELINE=REV also for the page (index.html, www/) of that revision, served with this
# build's package, so that only the page differs.
bench-ready: $(BENCH_NPM)
	@baseline=""; if [ -n "$(BENCH_BASELINE)" ]; then \
	  baseline=$(abspath $(BENCH_BUILD))/baseline; rm -rf $$baseline && mkdir -p $$baseline/pkg; \
	  git archive "$(BENCH_BASELINE)" index.html www | tar -x -C $$baseline; \
	  cp dist/pkg/nickara.js dist/pkg/nickara_bg.wasm $$baseline/pkg/; \
	fi; \
	SITE_DIR=$(abspath dist) BENCH_BASELINE="$(BENCH_BASELINE)" BENCH_BASELINE_DIR="$$baseline" \
	  node $(BENCH_DIR)/ready.mjs

# The shipped build's settings with the function names kept (not stripped), for twiggy
# (crates.io) to name every item; tests/bench/size.mjs sums them by crate.
bench-size:
	command -v twiggy >/dev/null || cargo install twiggy --locked
	$(WASM_PROFILE) CARGO_PROFILE_RELEASE_STRIP=false wasm-pack build --release --target web \
	  --out-dir $(abspath $(BENCH_BUILD))/size-pkg
	mkdir -p $(BENCH_DIR)/results
	node $(BENCH_DIR)/size.mjs $(BENCH_BUILD)/size-pkg/nickara_bg.wasm | tee $(BENCH_DIR)/results/size-latest.md

$(BENCH_NPM): $(BENCH_DIR)/package.json $(BENCH_DIR)/package-lock.json
	npm ci --prefix $(BENCH_DIR) --no-audit --no-fund
	touch $@

# TensorFlow.js peer: the ONNX weights as the Keras model they came from (tfjs/plan.mjs),
# converted by the PyPI tensorflowjs converter (tfjs/convert.py). If that fails, the
# reason goes to .build/tfjs-failed.txt and the bench runs without TF.js, saying why.
bench-tfjs: $(BENCH_NPM)
	@inputs="$$(cat model/nickara.onnx $(BENCH_DIR)/tfjs/plan.mjs $(BENCH_DIR)/tfjs/convert.py \
	  $(BENCH_DIR)/onnx.mjs $(BENCH_DIR)/requirements.txt | sha256sum | cut -d' ' -f1)"; \
	if [ -f $(BENCH_TFJS)/model.json ] && [ "$$(cat $(BENCH_BUILD)/tfjs.inputs 2>/dev/null)" = "$$inputs" ]; then \
	  exit 0; fi; \
	mkdir -p $(BENCH_BUILD) && rm -rf $(BENCH_TFJS) $(BENCH_BUILD)/tfjs-failed.txt $(BENCH_BUILD)/tfjs.inputs; \
	log=$(BENCH_BUILD)/tfjs.log; \
	if ! { [ -f $(BENCH_VENV)/.ok ] && [ $(BENCH_VENV)/.ok -nt $(BENCH_DIR)/requirements.txt ]; } \
	  && ! { rm -rf $(BENCH_VENV) && $(BENCH_PY) -m venv $(BENCH_VENV) \
	         && $(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check \
	              -r $(BENCH_DIR)/requirements.txt >$$log 2>&1 && touch $(BENCH_VENV)/.ok; }; then \
	  echo "tensorflowjs did not install from PyPI: $$(tail -n 3 $$log | tr '\n' ' ')" > $(BENCH_BUILD)/tfjs-failed.txt; \
	elif ! { node $(BENCH_DIR)/tfjs/plan.mjs model/nickara.onnx $(BENCH_BUILD)/keras-plan.json \
	         && TF_CPP_MIN_LOG_LEVEL=3 HOME=$(abspath $(BENCH_BUILD)) $(BENCH_VENV)/bin/python \
	              $(BENCH_DIR)/tfjs/convert.py $(BENCH_BUILD)/keras-plan.json \
	              tests/fixtures/mnist-test-100.bin $(BENCH_TFJS); } >$$log 2>&1; then \
	  rm -rf $(BENCH_TFJS); \
	  echo "the TF.js conversion failed: $$(tail -n 3 $$log | tr '\n' ' ')" > $(BENCH_BUILD)/tfjs-failed.txt; \
	else echo "$$inputs" > $(BENCH_BUILD)/tfjs.inputs; fi; \
	if [ -f $(BENCH_BUILD)/tfjs-failed.txt ]; then echo "bench: $$(cat $(BENCH_BUILD)/tfjs-failed.txt) (log: $$log)"; \
	else echo "bench: TF.js model converted from model/nickara.onnx into $(BENCH_TFJS)"; fi
