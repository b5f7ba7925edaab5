"""A run cut short is not lost: each finished stage's result, and the network in training after
each of its epochs, are kept in a folder until the whole run has finished. Run again with the same
options, the pipeline takes up where it stopped: finished stages are not redone, and a training
goes on from its last finished epoch (with its optimizer's state; the batches of the epochs after
it are shuffled afresh, so a resumed run is not bit-identical to an uninterrupted one)."""

import json
import os
import shutil
import time
from pathlib import Path

import keras


class State:
    """The folder of one run's state; `folder=None` keeps nothing (every run starts afresh)."""

    def __init__(self, folder, options):
        self.folder = Path(folder) if folder else None
        if self.folder is None:
            return
        marker = self.folder / "options.json"
        wanted = json.loads(json.dumps(options))
        if marker.exists() and json.loads(marker.read_text()) != wanted:
            print(f"resume: {self.folder} holds a run with other options; starting afresh", flush=True)
            shutil.rmtree(self.folder)
        elif marker.exists():
            print(f"resume: taking up the interrupted run in {self.folder}", flush=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps(wanted, indent=1))

    def _path(self, name, suffix):
        return self.folder / f"{name}{suffix}"

    def done(self, stage):
        """The result of `stage` when it finished before, else None."""
        if self.folder is None or not self._path(stage, ".done.json").exists():
            return None
        return json.loads(self._path(stage, ".done.json").read_text())

    def finish(self, stage, result):
        if self.folder is not None:
            _write(self._path(stage, ".done.json"), result)

    def trained(self, name):
        """The network of training `name` as saved after its last finished epoch, with how far it
        got ({"epochs": done, "history": {...}, "seconds": ...}); None when nothing was saved."""
        if self.folder is None or not self._path(name, ".json").exists():
            return None
        return keras.models.load_model(self._path(name, ".keras")), json.loads(self._path(name, ".json").read_text())

    def saver(self, name, earlier=None):
        """A callback saving the network (and its optimizer) after every epoch of training `name`;
        `earlier`: what `trained` returned for the epochs before this run."""
        return _EpochSaver(self, name, earlier or {"epochs": 0, "history": {}, "seconds": 0.0})

    def complete(self):
        """The run finished: nothing is left to resume."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


class _EpochSaver(keras.callbacks.Callback):
    def __init__(self, state, name, earlier):
        super().__init__()
        self.state, self.name, self.earlier = state, name, earlier
        self.history = {k: list(v) for k, v in earlier["history"].items()}

    def on_train_begin(self, logs=None):
        self._start = time.monotonic()

    def on_epoch_end(self, epoch, logs=None):
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(float(v))
        if self.state.folder is None:
            return
        # Written beside and moved in place: an interruption mid-save leaves the last epoch's.
        partial = self.state._path(self.name, ".partial.keras")
        self.model.save(partial)
        os.replace(partial, self.state._path(self.name, ".keras"))
        seconds = self.earlier["seconds"] + time.monotonic() - self._start
        _write(self.state._path(self.name, ".json"), {"epochs": epoch + 1, "history": self.history, "seconds": seconds})


def _write(path, value):
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(value, indent=1))
    os.replace(partial, path)
