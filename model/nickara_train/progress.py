"""What a long run says while it runs: the end of every epoch, with the time since the run began
and an estimate of what is left, of that training and of the whole run (the epochs still to come,
at the pace of the current training)."""

import time

import keras


def clock(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Run:
    """The run's clock and its epochs in all (`plan` corrects the count once it is known)."""

    def __init__(self, epochs):
        self.started = time.monotonic()
        self.total = epochs
        self.done = 0

    def plan(self, epochs_left):
        self.total = self.done + epochs_left

    def skip(self, epochs):
        """Epochs that need no training (finished before an interruption)."""
        self.done += epochs

    def epochs(self, name, epochs, initial_epoch=0):
        """The callback that reports the epochs of training `name` (of `epochs`, from `initial_epoch`)."""
        self.skip(initial_epoch)
        return _Epochs(self, name, epochs, initial_epoch)

    def say(self, text):
        print(f"[{clock(time.monotonic() - self.started)}] {text}", flush=True)


class _Epochs(keras.callbacks.Callback):
    def __init__(self, run, name, epochs, initial_epoch):
        super().__init__()
        self.run, self.name, self.epochs, self.initial = run, name, epochs, initial_epoch

    def on_train_begin(self, logs=None):
        self._start = time.monotonic()

    def on_epoch_end(self, epoch, logs=None):
        self.run.done += 1
        pace = (time.monotonic() - self._start) / (epoch + 1 - self.initial)
        left = (self.epochs - epoch - 1) * pace
        run_left = max(self.run.total - self.run.done, 0) * pace
        accuracy = (logs or {}).get("val_accuracy")
        shown = f", validation {accuracy:.2%}" if accuracy is not None else ""
        self.run.say(f"{self.name}: epoch {epoch + 1}/{self.epochs}{shown}, {clock(pace)} an epoch; "
                     f"about {clock(left)} left of it, {clock(run_left)} of the run")
