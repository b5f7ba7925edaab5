"""Hyperopt TPE over the card's free choices and the network's head (the card's Flatten or
global average pooling), each trial a short training scored on validation."""

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

CARD_RECIPE = {"architecture": "card", "dropout": 0.2, "conv_activation": "relu",
               "filters": architecture.CARD_FILTERS}
DROPOUT_RANGE = (0.1, 0.4, 0.05)  # low, high, step
CONV_ACTIVATIONS = ["relu", "elu", "swish"]  # each exports to ONNX ops tract runs (gelu: Erfc, invalid)
# Filters per architecture: the card's (CL1, CL2), the pooled variant's CL1..CL5.
FILTERS = {
    "card": [(64, 32), (64, 64), (128, 64), (128, 96)],
    "pooled": [(24, 32, 32, 64, 96), architecture.POOLED_FILTERS],
}
SPACE = {
    "dropout": hp.quniform("dropout", *DROPOUT_RANGE),
    "conv_activation": hp.choice("conv_activation", CONV_ACTIVATIONS),
    "net": hp.choice("architecture", [
        {"architecture": name, "filters": hp.choice(f"{name}_filters", options)}
        for name, options in FILTERS.items()
    ]),
}


def space_point(params):
    """A params dict as hyperopt's point (hp.choice labels given as indexes)."""
    name = params["architecture"]
    return {
        "dropout": params["dropout"],
        "conv_activation": CONV_ACTIVATIONS.index(params["conv_activation"]),
        "architecture": list(FILTERS).index(name),
        f"{name}_filters": FILTERS[name].index(tuple(params["filters"])),
    }


# The first trials are the card's own recipe and the pooled variant with the card's choices.
PRESET = [CARD_RECIPE, {**CARD_RECIPE, "architecture": "pooled", "filters": architecture.POOLED_FILTERS}]
# The network the recipe's search picks and ships (the model card), which a quick run trains alone.
SHIPPED = PRESET[1]


def preset_trials(presets):
    """Hyperopt trials holding `presets` to evaluate first. Every label of SPACE gets an entry,
    empty where the preset's architecture does not use it: TPE reads every label of every
    trial once it takes over from its random start-up trials."""
    trials = generate_trials_to_calculate([space_point(p) for p in presets])
    one_per_architecture = [{**CARD_RECIPE, "architecture": name, "filters": FILTERS[name][0]} for name in FILTERS]
    labels = set().union(*map(space_point, one_per_architecture))
    for doc in trials._dynamic_trials:
        for label in labels - doc["misc"]["vals"].keys():
            doc["misc"]["idxs"][label] = []
            doc["misc"]["vals"][label] = []
    trials.refresh()
    return trials


def as_params(point):
    net = point["net"]
    return {"architecture": net["architecture"], "dropout": round(float(point["dropout"]), 2),
            "conv_activation": point["conv_activation"], "filters": tuple(net["filters"])}


def log_training_artifacts(model, history):
    """The network's summary and `history` (metric → value per epoch) in the active run."""
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp, "summary.txt")
        lines = []
        model.summary(print_fn=lambda line, **_: lines.append(line))
        summary.write_text("\n".join(lines) + "\n")
        Path(tmp, "history.json").write_text(json.dumps(history, indent=1))
        mlflow.log_artifacts(tmp)


def run_search(train_split, val_split, evals, epochs, seed, thickness=0.0, progress=None):
    """Returns (best params, list of trial records) after `evals` TPE evaluations (the first
    ones are PRESET). A point TPE proposes again is not retrained: its score is reused.
    `progress`: the run's `progress.Run`, told of every epoch."""
    records = []
    callbacks = (lambda n: [progress.epochs(f"search trial {n}/{evals}", epochs)]) if progress else (lambda n: [])

    def objective(point):
        params = as_params(point)
        n = len(records) + 1
        earlier = next((r for r in records if all(r[k] == v for k, v in params.items())), None)
        if earlier:
            if progress:
                progress.skip(epochs)
            records.append({**earlier, "trial": n, "seconds": 0.0, "repeat_of": earlier["trial"]})
            return {"loss": -earlier["val_accuracy"], "status": STATUS_OK}
        with mlflow.start_run(run_name=f"trial-{n}", nested=True):
            mlflow.log_params({**params, "epochs": epochs, "seed": seed, "thickness": thickness})
            train.seed_everything(seed)
            model = architecture.build(params)
            start = time.monotonic()
            history = train.fit(model, train_split, val_split, epochs, seed, thickness, [EpochLogger(), *callbacks(n)])
            seconds = time.monotonic() - start
            val_accuracy = float(history.history["val_accuracy"][-1])
            mlflow.log_metrics({"final_val_accuracy": val_accuracy, "train_seconds": seconds})
            log_training_artifacts(model, history.history)
        records.append({"trial": n, **params, "val_accuracy": val_accuracy, "seconds": seconds})
        print(f"trial {n}: {params} val_accuracy={val_accuracy:.4f} ({seconds:.0f} s)", flush=True)
        return {"loss": -val_accuracy, "status": STATUS_OK}

    return minimize(objective, evals, seed), records


def minimize(objective, evals, seed, algo=tpe.suggest):
    """The best params after `evals` evaluations of `objective`: PRESET first, then `algo`'s
    proposals. hyperopt's TPE draws its first 20 proposals at random (n_startup_jobs) before
    its model takes over, so at the default 5 evaluations the proposals are random draws."""
    best = fmin(
        objective,
        SPACE,
        algo=algo,
        max_evals=evals,  # the pre-set trials count towards it
        trials=preset_trials(PRESET),
        rstate=np.random.default_rng(seed),
        show_progressbar=False,
    )
    return as_params(space_eval(SPACE, best))
