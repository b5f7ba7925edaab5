# Training pipeline (model/). Included by the top-level Makefile; paths are relative
# to the repository root.
PYTHON      ?= python3
MODEL_VENV  := model/.venv
MODEL_PY    := $(MODEL_VENV)/bin/python
# Options of the training run, empty unless given (`make model EPOCHS=20`): then the recipe's
# own defaults apply (model/nickara_train/recipe.py; `model/.venv/bin/python -m nickara_train --help`).
TRAIN_OPTIONS = $(if $(EPOCHS),--epochs $(EPOCHS)) $(if $(POOLED_EPOCHS),--pooled-epochs $(POOLED_EPOCHS)) \
  $(if $(EVALS),--evals $(EVALS)) $(if $(SEARCH_EPOCHS),--search-epochs $(SEARCH_EPOCHS)) \
  $(if $(SEED),--seed $(SEED)) $(if $(THICKNESS),--thickness $(THICKNESS))
DATA        ?= ../shared/data/mnist
MLFLOW_DIR  ?= model/mlruns
# The training digits redrawn the way the page sees a drawing (`nickara redraw`); empty to train
# without. This path is the training CLI's default too.
REDRAWN     ?= model/runs/train-redrawn-idx3-ubyte
# Real pen handwriting (read from ../shared, never copied here). Its writers are split into
# FOLDS folds; fold HELD_OUT is never trained on and is what every real-handwriting number is
# measured on. VARIATIONS: seeded variations of each training digit (`nickara frames`).
UNIPEN      ?= ../shared/data/unipen-dev/digits.jsonl.gz
FOLDS       := 5
HELD_OUT    := 0
VARIATIONS  ?= 1
# HANDWRITING: the frames `make model` trains on, FRAMES in the recipe (real strokes and photos
# gain and MNIST's test holds at one variation; at four it fell below 99.5%: the model card's
# notes); `make model HANDWRITING=` trains without them.
FRAMES      := model/runs/handwriting
HANDWRITING ?= $(FRAMES)

$(MODEL_VENV)/.ok: model/requirements.txt model/pyproject.toml
	$(PYTHON) -m venv $(MODEL_VENV)
	$(MODEL_PY) -m pip install --quiet --disable-pip-version-check -r model/requirements.txt
	$(MODEL_PY) -m pip install --quiet --disable-pip-version-check --no-deps -e model
	touch $@

.PHONY: recalibrate ceiling test-model

# The full pipeline: search, final training, calibration, ONNX export, model card; then the
# ONNX converted to the NNEF the library embeds.
model-run: $(MODEL_VENV)/.ok $(REDRAWN) $(if $(HANDWRITING),$(HANDWRITING)-images-idx3-ubyte)
	MLFLOW_DISABLE_TELEMETRY=true $(MODEL_PY) -m nickara_train --data $(abspath $(DATA)) \
	  --mlflow-dir $(abspath $(MLFLOW_DIR)) $(TRAIN_OPTIONS) \
	  --redrawn "$(if $(REDRAWN),$(abspath $(REDRAWN)))" --handwriting "$(if $(HANDWRITING),$(abspath $(HANDWRITING)))"
	$(MAKE) whole-run
	$(MAKE) handwriting

# The network's "one whole digit" output (model/nickara_train/whole.py), grafted onto
# model/nickara.onnx (a head already there is replaced; the digits' output is untouched), then
# the ONNX converted to the NNEF the library embeds. The head learns from the runs of strokes
# choosing a number's digits reads, made of the writers outside the held-out fold and outside
# TUNE_FOLD, on whose writers it is validated (model/whole.json) and choose's weights are set
# (src/choose.rs). About 2 minutes with the release CLI built; `make whole` then `make handwriting` after a change of
# segment or choose.
TUNE_FOLD := 1
PIECES    := model/runs/pieces
# $(call whole-head,ONNX,JSON): the head trained and grafted onto ONNX, its scores into JSON.
define whole-head
	mkdir -p model/runs
	cargo run --release --quiet -- pieces --strokes $(UNIPEN) --folds $(FOLDS) \
	  --held-out $(HELD_OUT),$(TUNE_FOLD) --count 12000 --out $(PIECES)
	cargo run --release --quiet -- pieces --strokes $(UNIPEN) --folds $(FOLDS) --fold $(TUNE_FOLD) \
	  --count 1500 --seed 8 --out $(PIECES)-validation
	cd model && TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python -m nickara_train.whole --pieces $(abspath $(PIECES)) \
	  --validation $(abspath $(PIECES))-validation --onnx $(abspath $(1)) --json $(abspath $(2))
endef
whole-run: $(MODEL_VENV)/.ok
	$(call whole-head,model/nickara.onnx,model/whole.json)
	cargo run --release --quiet -- convert --onnx model/nickara.onnx --out model/nickara.nnef.tar

# The recipe on a budget, for comparing levers (about 15 minutes; see `--quick`): the search
# skipped, the shipped network alone for QUICK_EPOCHS, then the held-out fold read as
# `make handwriting` reads it (pen digits and numbers whole, photos the fixed sample `make test`
# checks) and MNIST's test through the page's path, all into $(QUICK), never over the shipped
# model. `make model-quick HANDWRITING=` compares with training without the frames.
QUICK        := model/runs/quick
QUICK_EPOCHS ?= 4
model-quick-run: $(MODEL_VENV)/.ok $(REDRAWN) $(if $(HANDWRITING),$(HANDWRITING)-images-idx3-ubyte)
	MLFLOW_DISABLE_TELEMETRY=true $(MODEL_PY) -m nickara_train --quick --data $(abspath $(DATA)) \
	  --out $(abspath $(QUICK)) --mlflow-dir $(abspath $(QUICK))/mlruns --resume-dir $(abspath $(QUICK))/resume \
	  --pooled-epochs $(QUICK_EPOCHS) $(if $(SEED),--seed $(SEED)) $(if $(THICKNESS),--thickness $(THICKNESS)) \
	  --redrawn "$(if $(REDRAWN),$(abspath $(REDRAWN)))" --handwriting "$(if $(HANDWRITING),$(abspath $(HANDWRITING)))"
	$(call whole-head,$(QUICK)/nickara.onnx,$(QUICK)/whole.json)
	cargo run --release --quiet -- eval --model $(QUICK)/nickara.onnx --strokes $(UNIPEN) --folds $(FOLDS) \
	  --fold $(HELD_OUT) --json $(QUICK)/handwriting-strokes.json
	cargo run --release --quiet -- eval --model $(QUICK)/nickara.onnx --strokes $(UNIPEN) --folds $(FOLDS) \
	  --fold $(HELD_OUT) --photos --check-only --json $(QUICK)/handwriting-photos.json
	cargo run --release --quiet -- eval --model $(QUICK)/nickara.onnx --strokes $(UNIPEN) --folds $(FOLDS) \
	  --fold $(HELD_OUT) --numbers --json $(QUICK)/handwriting-numbers.json
	cargo run --release --quiet -- eval --model $(QUICK)/nickara.onnx --mnist $(MNIST)
	@echo "model-quick: $(QUICK)/ (results.json, handwriting-*.json); the shipped model is unchanged"

# The shipped model on real handwriting of the held-out writers, through the page's paths
# (pen strokes on the pad; photos on paper; single digits and numbers): model/handwriting-*.json,
# whose fixed samples tests/handwriting.rs holds the model to, and the first section of
# MODEL_CARD.md.
handwriting-run: $(MODEL_VENV)/.ok
	cargo run --release --quiet -- eval --strokes $(UNIPEN) --folds $(FOLDS) --fold $(HELD_OUT) \
	  --json model/handwriting-strokes.json
	cargo run --release --quiet -- eval --strokes $(UNIPEN) --folds $(FOLDS) --fold $(HELD_OUT) --photos \
	  --json model/handwriting-photos.json
	cargo run --release --quiet -- eval --strokes $(UNIPEN) --folds $(FOLDS) --fold $(HELD_OUT) --numbers \
	  --json model/handwriting-numbers.json
	cargo run --release --quiet -- eval --strokes $(UNIPEN) --folds $(FOLDS) --fold $(HELD_OUT) --numbers --photos --count 100 \
	  --json model/handwriting-numbers-photos.json
	cd model && .venv/bin/python -m nickara_train.card --strokes handwriting-strokes.json \
	  --photos handwriting-photos.json --numbers handwriting-numbers.json \
	  --numbers-photos handwriting-numbers-photos.json --whole whole.json --card MODEL_CARD.md

# Training frames of the writers outside the held-out fold, as the page's stroke path draws them;
# remade when the Rust sources change or the folds and variations asked for do.
$(FRAMES)-images-idx3-ubyte: $(shell find src -name '*.rs') $(FRAMES).options
	mkdir -p $(dir $@)
	cargo run --release --quiet -- frames --strokes $(UNIPEN) --folds $(FOLDS) --held-out $(HELD_OUT) \
	  --variations $(VARIATIONS) --out $(FRAMES)

# What the frames were made with, rewritten only when it changes (so it is newer than the frames
# exactly then).
FRAMES_OPTIONS = folds $(FOLDS), held out $(HELD_OUT), variations $(VARIATIONS)
$(FRAMES).options: FORCE
	@mkdir -p $(dir $@)
	@echo "$(FRAMES_OPTIONS)" | cmp -s - $@ || echo "$(FRAMES_OPTIONS)" > $@
.PHONY: FORCE
FORCE:

# Only the shipped model's "not sure" threshold, after a change of its rule
# (calibrate.UNSURE_TARGET_ACCURACY): the MLflow champion, no training.
recalibrate: $(MODEL_VENV)/.ok
	cd model && MLFLOW_DISABLE_TELEMETRY=true .venv/bin/python -m nickara_train --recalibrate \
	  --data $(abspath $(DATA)) --out . --mlflow-dir $(abspath $(MLFLOW_DIR))

# How far the card's network can go on the augmented test, against a CNN with global pooling
# (model/nickara_train/ceiling.py; about 40 minutes; the model card's notes). Not part of make test.
ceiling: $(MODEL_VENV)/.ok $(REDRAWN)
	mkdir -p model/runs
	cd model && MLFLOW_DISABLE_TELEMETRY=true .venv/bin/python -m nickara_train.ceiling \
	  --data $(abspath $(DATA)) --mlflow-dir $(abspath $(MLFLOW_DIR)) \
	  $(if $(REDRAWN),--redrawn $(abspath $(REDRAWN))) --out runs/ceiling.json

# Redrawn by the same Rust stroke path the page uses, so training sees what users draw.
model/runs/train-redrawn-idx3-ubyte: $(shell find src -name '*.rs')
	mkdir -p $(dir $@)
	cargo run --release --quiet -- redraw --mnist $(DATA) --out $@

# Fast smoke tests; HOME and every cache in a temporary folder.
test-model: $(MODEL_VENV)/.ok
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cd model && \
	HOME=$$tmp KERAS_HOME=$$tmp/keras MPLCONFIGDIR=$$tmp/mpl XDG_CACHE_HOME=$$tmp/cache \
	XDG_CONFIG_HOME=$$tmp/config MLFLOW_TRACKING_URI=sqlite:///$$tmp/mlflow.db \
	MLFLOW_DISABLE_TELEMETRY=true TF_CPP_MIN_LOG_LEVEL=2 NICKARA_MNIST=$(abspath $(DATA)) \
	.venv/bin/python -m pytest -q
