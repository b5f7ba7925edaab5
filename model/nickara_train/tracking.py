"""MLflow, offline: a sqlite store and an artifact folder under one directory."""

import os
import time
from pathlib import Path

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import keras  # noqa: E402
import mlflow  # noqa: E402
import numpy as np  # noqa: E402
from mlflow.models import ModelSignature  # noqa: E402
from mlflow.types import Schema, TensorSpec  # noqa: E402

EXPERIMENT = "nickara"
REGISTERED_MODEL = "nickara"
ALIAS = "champion"


def setup(mlflow_dir):
    root = Path(mlflow_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    mlflow.set_tracking_uri(f"sqlite:///{root / 'mlflow.db'}")
    if mlflow.get_experiment_by_name(EXPERIMENT) is None:
        mlflow.create_experiment(EXPERIMENT, artifact_location=(root / "artifacts").as_uri())
    mlflow.set_experiment(EXPERIMENT)
    return root


class EpochLogger(keras.callbacks.Callback):
    """Logs every epoch's metrics (and its duration) to the active MLflow run."""

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.monotonic()

    def on_epoch_end(self, epoch, logs=None):
        metrics = {k: float(v) for k, v in (logs or {}).items()}
        metrics["epoch_seconds"] = time.monotonic() - self._start
        metrics["learning_rate"] = float(self.model.optimizer.learning_rate)
        mlflow.log_metrics(metrics, step=epoch)


def signature():
    image = TensorSpec(np.dtype(np.float32), (-1, 28, 28, 1), "image")
    probabilities = TensorSpec(np.dtype(np.float32), (-1, 10), "probabilities")
    return ModelSignature(inputs=Schema([image]), outputs=Schema([probabilities]))


def register_champion(model):
    """Log `model` in the active run, register it, and point the alias at this version."""
    info = mlflow.keras.log_model(model, name="model", signature=signature(), registered_model_name=REGISTERED_MODEL)
    version = info.registered_model_version
    mlflow.MlflowClient().set_registered_model_alias(REGISTERED_MODEL, ALIAS, version)
    return version
