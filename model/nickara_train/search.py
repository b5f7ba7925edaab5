"""Hyperopt TPE over the card's free choices, each trial a short training scored on validation."""

import json
import tempfile
import time
from pathlib import Path

import mlflow
import numpy as np
from hyperopt import STATUS_OK, fmin, hp, space_eval, tpe
from hyperopt.fmin import generate_trials_to_calculate

from . import architecture, train
from .tracking import EpochLogger

CARD_RECIPE = {"dropout": 0.2, "conv_activation": "relu", "filters": (128, 64)}
DROPOUT_RANGE = (0.1, 0.4, 0.05)  # low, high, step
CONV_ACTIVATIONS = ["relu", "elu", "swish"]  # each exports to ONNX ops tract runs (gelu: Erfc, invalid)
FILTERS = [(64, 32), (64, 64), (128, 64), (128, 96)]
SPACE = {
    "dropout": hp.quniform("dropout", *DROPOUT_RANGE),
    "conv_activation": hp.choice("conv_activation", CONV_ACTIVATIONS),
    "filters": hp.choice("filters", FILTERS),
}
# The first trial is the card's own recipe (hp.choice points are given as indexes).
CARD_POINT = {
    "dropout": CARD_RECIPE["dropout"],
    "conv_activation": CONV_ACTIVATIONS.index(CARD_RECIPE["conv_activation"]),
    "filters": FILTERS.index(CARD_RECIPE["filters"]),
}


def as_params(point):
    return {**point, "dropout": round(float(point["dropout"]), 2), "filters": tuple(point["filters"])}


def log_training_artifacts(model, history):
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp, "summary.txt")
        lines = []
        model.summary(print_fn=lambda line, **_: lines.append(line))
        summary.write_text("\n".join(lines) + "\n")
        Path(tmp, "history.json").write_text(json.dumps(history.history, indent=1))
        mlflow.log_artifacts(tmp)


def run_search(train_split, val_split, evals, epochs, seed, thickness=0.0):
    """Returns (best params, list of trial records) after `evals` TPE evaluations (the first
    is the card's recipe). A point TPE proposes again is not retrained: its score is reused."""
    records = []

    def objective(point):
        params = as_params(point)
        n = len(records) + 1
        earlier = next((r for r in records if all(r[k] == v for k, v in params.items())), None)
        if earlier:
            records.append({**earlier, "trial": n, "seconds": 0.0, "repeat_of": earlier["trial"]})
            return {"loss": -earlier["val_accuracy"], "status": STATUS_OK}
        with mlflow.start_run(run_name=f"trial-{n}", nested=True):
            mlflow.log_params({**params, "epochs": epochs, "seed": seed, "thickness": thickness})
            train.seed_everything(seed)
            model = architecture.build_model(**params)
            start = time.monotonic()
            history = train.fit(model, train_split, val_split, epochs, seed, thickness, [EpochLogger()])
            seconds = time.monotonic() - start
            val_accuracy = float(history.history["val_accuracy"][-1])
            mlflow.log_metrics({"final_val_accuracy": val_accuracy, "train_seconds": seconds})
            log_training_artifacts(model, history)
        records.append({"trial": n, **params, "val_accuracy": val_accuracy, "seconds": seconds})
        print(f"trial {n}: {params} val_accuracy={val_accuracy:.4f} ({seconds:.0f} s)", flush=True)
        return {"loss": -val_accuracy, "status": STATUS_OK}

    best = fmin(
        objective,
        SPACE,
        algo=tpe.suggest,
        max_evals=evals - 1,  # hyperopt adds the pre-set points to max_evals
        trials=generate_trials_to_calculate([CARD_POINT]),  # trial 1: the card's recipe
        rstate=np.random.default_rng(seed),
        show_progressbar=False,
    )
    return as_params(space_eval(SPACE, best)), records
