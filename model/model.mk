# Training pipeline (model/). Included by the top-level Makefile; paths are relative
# to the repository root.
PYTHON      ?= python3
MODEL_VENV  := model/.venv
MODEL_PY    := $(MODEL_VENV)/bin/python
SEED        ?= 1
EPOCHS      ?= 30
EVALS       ?= 5
SEARCH_EPOCHS ?= 2
THICKNESS   ?= 0.0
DATA        ?= ../shared/data/mnist
MLFLOW_DIR  ?= model/mlruns

$(MODEL_VENV)/.ok: model/requirements.txt
	$(PYTHON) -m venv $(MODEL_VENV)
	$(MODEL_PY) -m pip install --quiet --disable-pip-version-check -r model/requirements.txt
	touch $@

.PHONY: model test-model

# The full pipeline: search, final training, calibration, ONNX export, model card.
model: $(MODEL_VENV)/.ok
	cd model && MLFLOW_DISABLE_TELEMETRY=true .venv/bin/python -m nickara_train \
	  --data $(abspath $(DATA)) --out . --mlflow-dir $(abspath $(MLFLOW_DIR)) --seed $(SEED) \
	  --epochs $(EPOCHS) --evals $(EVALS) --search-epochs $(SEARCH_EPOCHS) --thickness $(THICKNESS)

# Fast smoke tests; HOME and every cache in a temporary folder.
test-model: $(MODEL_VENV)/.ok
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cd model && \
	HOME=$$tmp KERAS_HOME=$$tmp/keras MPLCONFIGDIR=$$tmp/mpl XDG_CACHE_HOME=$$tmp/cache \
	XDG_CONFIG_HOME=$$tmp/config MLFLOW_TRACKING_URI=sqlite:///$$tmp/mlflow.db \
	MLFLOW_DISABLE_TELEMETRY=true TF_CPP_MIN_LOG_LEVEL=2 NICKARA_MNIST=$(abspath $(DATA)) \
	.venv/bin/python -m pytest -q
