"""The whole pipeline, its stages in the order they run: split, search, train, calibrate, export,
register, card; `run` at the end strings them together."""

import json
import os
import platform
import time
from pathlib import Path
from typing import NamedTuple

import keras
import mlflow
import numpy as np
import tensorflow as tf

from . import architecture, augment, calibrate, card, data, export, resume, search, tracking, train
from .progress import Run

VAL_FRACTION = 0.2
AUG_TEST_SEED = 2026  # the augmented copy of the test set used to measure robustness


def augmented_copy(images, seed, thickness=0.0):
    """The test set passed once through the training augmentation, reproducibly."""
    fn = augment.augment_fn(seed, thickness)
    return np.concatenate([fn(tf.constant(images[i : i + 1000])).numpy() for i in range(0, len(images), 1000)])


def accuracy(probs, labels):
    return float((probs.argmax(axis=1) == labels).mean())


def confusion_matrix(probs, labels):
    """10x10 counts, rows = true digit, columns = predicted digit."""
    return np.bincount(labels * 10 + probs.argmax(axis=1), minlength=100).reshape(10, 10)


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return (
        f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}, TensorFlow {tf.__version__}, "
        f"Keras {keras.__version__}, {platform.system()} {platform.machine()}"
    )


def load_redrawn(path, count):
    """The redrawn twins of the training images (`nickara redraw`), aligned with MNIST's order."""
    twins = data.read_idx(path)
    if twins.shape != (count, 28, 28):
        raise ValueError(f"{path}: expected {count} redrawn 28x28 training images, got {twins.shape}")
    return (twins.astype(np.float32) / 255.0)[..., None]


def load_handwriting(prefix):
    """Training frames of real pen handwriting (`nickara frames`: each digit written on the pad and
    normalized by the page's stroke path, plus seeded variations), by writers outside the held-out
    fold; images as float32 NHWC in [0,1], labels as uint8."""
    images = data.read_idx(f"{prefix}-images-idx3-ubyte")
    labels = data.read_idx(f"{prefix}-labels-idx1-ubyte")
    if images.shape[1:] != (28, 28) or len(images) != len(labels):
        raise ValueError(f"{prefix}: expected N 28x28 frames and N labels, got {images.shape} and {labels.shape}")
    return (images.astype(np.float32) / 255.0)[..., None], labels


def with_handwriting(train_split, handwriting):
    """MNIST's training split joined by the real handwriting frames. A frame already is what the
    page draws, so where MNIST images come with a redrawn twin, a frame is its own twin."""
    images, labels = handwriting
    joined = (np.concatenate([train_split[0], images]), np.concatenate([train_split[1], labels]))
    if len(train_split) == 3:
        joined += (np.concatenate([train_split[2], images]),)
    return joined


class Splits(NamedTuple):
    """What every stage trains and scores on: MNIST's training images split into train (with
    redrawn twins and handwriting frames when given) and validation, the test set and its
    augmented copy, and the sizes the card reports."""

    train: tuple
    val: tuple
    test: tuple
    aug_test: np.ndarray
    sizes: dict


def split(data_dir, seed, redrawn=None, handwriting=None):
    """Stage 1: the stratified train/validation split of MNIST's training images (their redrawn
    twins alongside, the real handwriting frames joined to train), the test set, and the test
    set once through the training augmentation."""
    images, labels = data.load_mnist(data_dir, "train")
    x_test, y_test = data.load_mnist(data_dir, "test")
    train_idx, val_idx = data.stratified_split(labels, VAL_FRACTION, seed)
    train_split = (images[train_idx], labels[train_idx])
    if redrawn:
        train_split += (load_redrawn(redrawn, len(images))[train_idx],)
    frames = 0
    if handwriting:
        handwriting_frames = load_handwriting(handwriting)
        frames = len(handwriting_frames[1])
        train_split = with_handwriting(train_split, handwriting_frames)
    sizes = {"train_images": len(train_idx), "val_images": len(val_idx), "handwriting_frames": frames}
    return Splits(train_split, (images[val_idx], labels[val_idx]), (x_test, y_test),
                  augmented_copy(x_test, AUG_TEST_SEED), sizes)


def train_final(name, params, splits, epochs, seed, thickness, state, progress):
    """Full training of one candidate in its own MLflow run; returns (model, record). With a
    `state` (resume.State) of an interrupted run, a finished training is not redone and an
    unfinished one goes on from its last finished epoch."""
    (x_val, y_val), (x_test, y_test) = splits.val, splits.test
    stage = f"final-{name}"
    if (record := state.done(stage)) is not None:
        progress.skip(epochs)
        progress.say(f"final {name}: trained before the interruption, not again")
        return state.trained(stage)[0], record
    with mlflow.start_run(run_name=f"final-{name}", nested=True):
        mlflow.log_params({**params, "epochs": epochs, "seed": seed, "thickness": thickness})
        train.seed_everything(seed)
        model, earlier = state.trained(stage) or (architecture.build(params), None)
        initial_epoch = earlier["epochs"] if earlier else 0
        if initial_epoch:
            progress.say(f"final {name}: going on from epoch {initial_epoch} of {epochs}")
        if params == search.CARD_RECIPE:
            architecture.assert_card_params(model)
        saver = state.saver(stage, earlier)
        callbacks = [tracking.EpochLogger(), progress.epochs(f"final {name}", epochs, initial_epoch), saver]
        start = time.monotonic()
        train.fit(model, splits.train, (x_val, y_val), epochs, seed, thickness, callbacks, initial_epoch=initial_epoch)
        seconds = time.monotonic() - start + (earlier["seconds"] if earlier else 0.0)
        record = {
            "name": name,
            **params,
            "epochs": epochs,
            "multiply_adds": architecture.multiply_adds(model),
            "val_accuracy": accuracy(train.predict(model, x_val), y_val),
            "test_accuracy": accuracy(train.predict(model, x_test), y_test),
            "aug_test_accuracy": accuracy(train.predict(model, splits.aug_test), y_test),
            "params": architecture.param_counts(model),
            "seconds": seconds,
        }
        mlflow.log_metrics({k: record[k] for k in ("val_accuracy", "test_accuracy", "aug_test_accuracy")})
        search.log_training_artifacts(model, saver.history)
    state.finish(stage, record)
    print(f"final {name}: {record}", flush=True)
    return model, record


def shipped_candidate(finals):
    """The card's architecture ships unless the search's variant is better on validation."""
    return max(finals, key=lambda r: (r["val_accuracy"], r["name"] == "card"))


def candidates(best, with_card=True):
    """The networks of stage 3: the card's, and the search's best beside it when it is another
    network (without the card's: the best alone, as `make model-quick` trains)."""
    chosen = {"card": search.CARD_RECIPE} if with_card else {}
    if best != search.CARD_RECIPE or not with_card:
        chosen["search-best"] = best
    return chosen


def train_candidates(chosen, splits, final_epochs, seed, thickness, state, progress):
    """Stage 3: each network of `chosen` (`candidates`) in full; returns every candidate's record
    and the model that ships."""
    progress.plan(sum(final_epochs[p["architecture"]] for p in chosen.values()))
    finals, models = [], {}
    for name, params in chosen.items():
        epochs = final_epochs[params["architecture"]]
        models[name], record = train_final(name, params, splits, epochs, seed, thickness, state, progress)
        finals.append(record)
    return finals, models[shipped_candidate(finals)["name"]]


def not_sure(val_probs, val_labels, test_probs, test_labels):
    """The "not sure" threshold from validation (calibrate.UNSURE_RULE), and what it does on test."""
    threshold, coverage = calibrate.unsure_threshold(val_probs, val_labels, calibrate.UNSURE_TARGET_ACCURACY)
    accepted = test_probs.max(axis=1) >= threshold
    return {
        "unsure_below": threshold,
        "rule": calibrate.UNSURE_RULE,
        "val_coverage": coverage,
        "test_coverage": float(accepted.mean()),
        "test_accuracy_accepted": accuracy(test_probs[accepted], test_labels[accepted]) if accepted.any() else None,
    }


def calibrate_shipped(model, splits):
    """Stage 4: temperature scaling fitted on validation and baked into the model's output layer,
    and the "not sure" threshold."""
    (x_val, y_val), (x_test, y_test) = splits.val, splits.test
    temperature = calibrate.fit_temperature(calibrate.logits(model, x_val), y_val)
    test_before = train.predict(model, x_test)
    calibrate.bake_temperature(model, temperature)
    test_probs = train.predict(model, x_test)
    return {
        "temperature": temperature,
        "ece_test_before": calibrate.expected_calibration_error(test_before, y_test),
        "ece_test_after": calibrate.expected_calibration_error(test_probs, y_test),
        **not_sure(train.predict(model, x_val), y_val, test_probs, y_test),
    }


def export_checked(model, x_test, out):
    """Stage 5: the ONNX export, checked against Keras with onnxruntime and with tract (also at
    the browser's fixed [1,28,28,1] input); it replaces nickara.onnx only when they agree."""
    test_probs = train.predict(model, x_test)
    onnx_path = out / "nickara.onnx"
    tmp_path = out / f".nickara.onnx.tmp-{os.getpid()}"
    export.export_onnx(model, str(tmp_path))
    ort_probs = export.onnx_predict(str(tmp_path), x_test)
    tract_probs = export.tract_predict(str(tmp_path), x_test)
    export.tract_predict(str(tmp_path), x_test[:1])
    check = {
        "checker": "onnx.checker.check_model(full_check=True) passed",
        "ort_max_abs_diff": float(np.abs(ort_probs - test_probs).max()),
        "ort_argmax_disagreements": int((ort_probs.argmax(1) != test_probs.argmax(1)).sum()),
        "tract_max_abs_diff": float(np.abs(tract_probs - test_probs).max()),
        "tract_argmax_disagreements": int((tract_probs.argmax(1) != test_probs.argmax(1)).sum()),
        "size_bytes": tmp_path.stat().st_size,
    }
    if check["ort_argmax_disagreements"] or check["tract_argmax_disagreements"]:
        tmp_path.unlink()
        raise AssertionError(f"ONNX and Keras disagree: {check}")
    os.replace(tmp_path, onnx_path)
    return check


def scores(model, splits):
    """The shipped (calibrated) model on validation and test."""
    test_probs = train.predict(model, splits.test[0])
    return {
        "val_accuracy": accuracy(train.predict(model, splits.val[0]), splits.val[1]),
        "test_accuracy": accuracy(test_probs, splits.test[1]),
        "confusion": confusion_matrix(test_probs, splits.test[1]).tolist(),
    }


def write_calibration(out, calibration):
    """calibration.json: what the Rust side reads beside the model."""
    (out / "calibration.json").write_text(json.dumps(
        {k: calibration[k] for k in ("temperature", "unsure_below", "rule", "ece_test_before",
                                     "ece_test_after", "val_coverage")}, indent=2) + "\n")


def write_card(out, model, results):
    """calibration.json and MODEL_CARD.md, also logged to the active run."""
    write_calibration(out, results["calibration"])
    card_path = out / "MODEL_CARD.md"
    old_card = card_path.read_text() if card_path.exists() else ""
    card_path.write_text(card.with_notes(card.render(model, results), old_card))
    mlflow.log_dict(results, "outputs/results.json")
    for name in ("nickara.onnx", "calibration.json", "MODEL_CARD.md"):
        mlflow.log_artifact(str(out / name), artifact_path="outputs")


def run(data_dir, out_dir, mlflow_dir, epochs, evals, search_epochs, seed, thickness=0.0, redrawn=None,
        pooled_epochs=None, handwriting=None, resume_dir=None, quick=False):
    """The pipeline, stage by stage: split, search (Hyperopt), train (the card's network and the
    search's best), calibrate, export (checked ONNX), register (the MLflow champion), card.
    `epochs` of final training for the card's network, `pooled_epochs` (default: the same) for
    the pooled variant, which converges in fewer. `redrawn`: `nickara redraw`'s twins of the
    training digits; `handwriting`: the prefix of `nickara frames`' files, joined to the
    training split. `resume_dir`: where an interrupted run's finished stages and last epochs
    are kept (resume.py), taken up when run again with the same options. `quick`: the search
    skipped and only the network the recipe ships (search.SHIPPED) trained, results.json
    written instead of the model card: `make model-quick`, for comparing levers."""
    started = time.monotonic()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    final_epochs = {"card": epochs, "pooled": pooled_epochs or epochs}
    options = {"data": data_dir, "epochs": epochs, "pooled_epochs": final_epochs["pooled"], "evals": evals,
               "search_epochs": search_epochs, "seed": seed, "thickness": thickness,
               "redrawn_fraction": train.REDRAWN_FRACTION if redrawn else 0.0}
    if quick:
        options = {**options, "evals": 0, "quick": True}
    state = resume.State(resume_dir, {**options, "redrawn": redrawn, "handwriting": handwriting, "out": str(out)})
    trial_epochs = options["evals"] * search_epochs
    progress = Run(trial_epochs + final_epochs["card"] * (not quick) + final_epochs["pooled"])
    splits = split(data_dir, seed, redrawn, handwriting)
    progress.say(f"data: {splits.sizes}")

    tracking.setup(mlflow_dir)
    with mlflow.start_run(run_name="pipeline-quick" if quick else "pipeline") as parent:
        mlflow.log_params({**options, "augmented_fraction": train.AUGMENTED_FRACTION, **splits.sizes})
        if quick:
            found = {"best": search.SHIPPED, "trials": [], "seconds": 0.0}
        elif (found := state.done("search")) is not None:
            progress.skip(trial_epochs)
            progress.say(f"search: finished before the interruption, best {found['best']}")
        else:
            search_started = time.monotonic()
            best, trials = search.run_search(splits.train, splits.val, evals, search_epochs, seed, thickness, progress)
            found = {"best": best, "trials": trials, "seconds": time.monotonic() - search_started}
            state.finish("search", found)
        best = {**found["best"], "filters": tuple(found["best"]["filters"])}
        finals, model = train_candidates(candidates(best, with_card=not quick), splits, final_epochs, seed,
                                         thickness, state, progress)
        progress.say("calibrating, exporting, checking the ONNX")
        calibration = calibrate_shipped(model, splits)
        onnx_check = export_checked(model, splits.test[0], out)
        registered_version = tracking.register_champion(model)
        shipped = shipped_candidate(finals)
        results = {
            **options, "aug_seed": AUG_TEST_SEED,
            "split": {"train": splits.sizes["train_images"], "val": splits.sizes["val_images"],
                      "test": len(splits.test[1])},
            "handwriting_frames": splits.sizes["handwriting_frames"],
            "trials": found["trials"], "best": best, "finals": finals, "shipped": shipped["name"],
            **scores(model, splits), "aug_test_accuracy": shipped["aug_test_accuracy"],
            "calibration": calibration, "onnx": onnx_check,
            "seconds": {"search": found["seconds"], "final": sum(r["seconds"] for r in finals),
                        "total": time.monotonic() - started},
            "machine": machine(), "registered_version": registered_version, "run_id": parent.info.run_id,
            "tract_version": export.tract_version(),
        }
        if quick:
            write_calibration(out, calibration)
            (out / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
        else:
            write_card(out, model, results)
        mlflow.log_metrics({k: results[k] for k in ("val_accuracy", "test_accuracy", "aug_test_accuracy")})
        mlflow.log_metrics({f"ece_test_{k}": calibration[f"ece_test_{k}"] for k in ("before", "after")})
    state.complete()
    progress.say("done")
    return results


def recalibrate(data_dir, out_dir, mlflow_dir):
    """Recomputes the shipped model's "not sure" threshold under the current
    calibrate.UNSURE_RULE without retraining: the champion from the MLflow registry, its
    pipeline run's results, the same validation split. Rewrites calibration.json and
    MODEL_CARD.md (nickara.onnx does not change: the threshold lives outside the network)."""
    out = Path(out_dir)
    tracking.setup(mlflow_dir)
    try:
        version = mlflow.MlflowClient().get_model_version_by_alias(tracking.REGISTERED_MODEL, tracking.ALIAS)
    except mlflow.exceptions.MlflowException as e:
        raise SystemExit(
            f"no model '{tracking.REGISTERED_MODEL}@{tracking.ALIAS}' in the MLflow store {mlflow_dir}: "
            "recalibrate works on the store `make model` trained into; run `make model` first"
        ) from e
    model = mlflow.keras.load_model(f"models:/{tracking.REGISTERED_MODEL}@{tracking.ALIAS}")
    results = mlflow.artifacts.load_dict(f"runs:/{version.run_id}/outputs/results.json")
    if any("architecture" not in f for f in results["finals"]):
        raise SystemExit(
            f"the champion in {mlflow_dir} predates the search over architectures and its results lack "
            "what MODEL_CARD.md now shows: run `make model` to train a new one"
        )
    images, labels = data.load_mnist(data_dir, "train")
    x_test, y_test = data.load_mnist(data_dir, "test")
    _, val_idx = data.stratified_split(labels, VAL_FRACTION, results["seed"])
    val_probs = train.predict(model, images[val_idx])
    test_probs = train.predict(model, x_test)
    if accuracy(test_probs, y_test) != results["test_accuracy"]:
        raise AssertionError("the champion in the registry is not the model of its run's results")
    results["calibration"].update(not_sure(val_probs, labels[val_idx], test_probs, y_test))
    with mlflow.start_run(run_id=version.run_id):
        write_card(out, model, results)
    return results
