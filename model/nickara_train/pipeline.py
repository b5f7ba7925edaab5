"""The whole pipeline, top to bottom: data, search, final training, calibration, export, card."""

import json
import os
import platform
import time
from pathlib import Path

import keras
import mlflow
import numpy as np
import tensorflow as tf

from . import architecture, augment, calibrate, card, data, export, search, tracking, train

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


def train_final(name, params, splits, epochs, seed, thickness, aug_test):
    """Full training of one candidate in its own MLflow run; returns (model, record)."""
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = splits
    with mlflow.start_run(run_name=f"final-{name}", nested=True):
        mlflow.log_params({**params, "epochs": epochs, "seed": seed, "thickness": thickness})
        train.seed_everything(seed)
        model = architecture.build_model(**params)
        if params == search.CARD_RECIPE:
            architecture.assert_card_params(model)
        start = time.monotonic()
        history = train.fit(model, (x_train, y_train), (x_val, y_val), epochs, seed, thickness, [tracking.EpochLogger()])
        seconds = time.monotonic() - start
        record = {
            "name": name,
            **params,
            "val_accuracy": accuracy(train.predict(model, x_val), y_val),
            "test_accuracy": accuracy(train.predict(model, x_test), y_test),
            "aug_test_accuracy": accuracy(train.predict(model, aug_test), y_test),
            "params": architecture.param_counts(model),
            "seconds": seconds,
        }
        mlflow.log_metrics({k: record[k] for k in ("val_accuracy", "test_accuracy", "aug_test_accuracy")})
        search.log_training_artifacts(model, history)
    print(f"final {name}: {record}", flush=True)
    return model, record


def run(data_dir, out_dir, mlflow_dir, epochs, evals, search_epochs, seed, thickness=0.0):
    started = time.monotonic()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    images, labels = data.load_mnist(data_dir, "train")
    x_test, y_test = data.load_mnist(data_dir, "test")
    train_idx, val_idx = data.stratified_split(labels, VAL_FRACTION, seed)
    train_split = (images[train_idx], labels[train_idx])
    val_split = (images[val_idx], labels[val_idx])
    aug_test = augmented_copy(x_test, AUG_TEST_SEED)

    tracking.setup(mlflow_dir)
    with mlflow.start_run(run_name="pipeline") as parent:
        mlflow.log_params(
            {"data": data_dir, "epochs": epochs, "evals": evals, "search_epochs": search_epochs,
             "seed": seed, "thickness": thickness, "augmented_fraction": train.AUGMENTED_FRACTION,
             "train_images": len(train_idx), "val_images": len(val_idx)}
        )
        search_start = time.monotonic()
        best, trials = search.run_search(train_split, val_split, evals, search_epochs, seed, thickness)
        search_seconds = time.monotonic() - search_start

        splits = (train_split, val_split, (x_test, y_test))
        candidates = {"card": search.CARD_RECIPE}
        if best != search.CARD_RECIPE:
            candidates["search-best"] = best
        finals, models = [], {}
        for name, params in candidates.items():
            models[name], record = train_final(name, params, splits, epochs, seed, thickness, aug_test)
            finals.append(record)
        # The card's architecture ships unless the search's variant is better on validation.
        shipped = max(finals, key=lambda r: (r["val_accuracy"], r["name"] == "card"))
        model = models[shipped["name"]]

        # Calibration on validation, baked into OUTL.
        val_logits = calibrate.logits(model, val_split[0])
        temperature = calibrate.fit_temperature(val_logits, val_split[1])
        test_before = train.predict(model, x_test)
        calibrate.bake_temperature(model, temperature)
        val_probs = train.predict(model, val_split[0])
        test_probs = train.predict(model, x_test)
        threshold, coverage = calibrate.unsure_threshold(val_probs, val_split[1])
        accepted = test_probs.max(axis=1) >= threshold
        calibration = {
            "temperature": temperature,
            "unsure_below": threshold,
            "rule": calibrate.UNSURE_RULE,
            "ece_test_before": calibrate.expected_calibration_error(test_before, y_test),
            "ece_test_after": calibrate.expected_calibration_error(test_probs, y_test),
            "val_coverage": coverage,
            "test_coverage": float(accepted.mean()),
            "test_accuracy_accepted": accuracy(test_probs[accepted], y_test[accepted]) if accepted.any() else None,
        }

        # Export, then check the ONNX graph against Keras with onnxruntime and tract.
        onnx_path = out / "nickara.onnx"
        tmp_path = out / f".nickara.onnx.tmp-{os.getpid()}"
        export.export_onnx(model, str(tmp_path))
        ort_probs = export.onnx_predict(str(tmp_path), x_test)
        tract_probs = export.tract_predict(str(tmp_path), x_test)
        export.tract_predict(str(tmp_path), x_test[:1])  # the browser's fixed [1,28,28,1] fact
        onnx_check = {
            "checker": "onnx.checker.check_model(full_check=True) passed",
            "ort_max_abs_diff": float(np.abs(ort_probs - test_probs).max()),
            "ort_argmax_disagreements": int((ort_probs.argmax(1) != test_probs.argmax(1)).sum()),
            "tract_max_abs_diff": float(np.abs(tract_probs - test_probs).max()),
            "tract_argmax_disagreements": int((tract_probs.argmax(1) != test_probs.argmax(1)).sum()),
            "size_bytes": tmp_path.stat().st_size,
        }
        if onnx_check["ort_argmax_disagreements"] or onnx_check["tract_argmax_disagreements"]:
            raise AssertionError(f"ONNX and Keras disagree: {onnx_check}")
        os.replace(tmp_path, onnx_path)

        results = {
            "seed": seed, "aug_seed": AUG_TEST_SEED, "data": data_dir, "epochs": epochs, "search_epochs": search_epochs, "evals": evals,
            "thickness": thickness,
            "split": {"train": len(train_idx), "val": len(val_idx), "test": len(y_test)},
            "trials": trials, "best": best, "finals": finals, "shipped": shipped["name"],
            "val_accuracy": accuracy(val_probs, val_split[1]),
            "test_accuracy": accuracy(test_probs, y_test),
            "aug_test_accuracy": shipped["aug_test_accuracy"],
            "confusion": confusion_matrix(test_probs, y_test).tolist(),
            "calibration": calibration, "onnx": onnx_check,
            "seconds": {"search": search_seconds, "final": sum(r["seconds"] for r in finals),
                        "total": time.monotonic() - started},
            "machine": machine(),
        }
        results["registered_version"] = tracking.register_champion(model)
        results["run_id"] = parent.info.run_id
        results["tract_version"] = export.tract_version()
        (out / "calibration.json").write_text(json.dumps(
            {k: calibration[k] for k in ("temperature", "unsure_below", "rule", "ece_test_before",
                                         "ece_test_after", "val_coverage")}, indent=2) + "\n")
        (out / "MODEL_CARD.md").write_text(card.render(model, results))
        mlflow.log_dict(results, "outputs/results.json")
        mlflow.log_metrics({k: results[k] for k in ("val_accuracy", "test_accuracy", "aug_test_accuracy")})
        mlflow.log_metrics({f"ece_test_{k}": calibration[f"ece_test_{k}"] for k in ("before", "after")})
        for name in ("nickara.onnx", "calibration.json", "MODEL_CARD.md"):
            mlflow.log_artifact(str(out / name), artifact_path="outputs")
    return results
