"""The recipe: what `python -m nickara_train` runs with no options, and the command line that
reproduces a run from its options (the model card shows it)."""

from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent.parent
REPO = MODEL_DIR.parent

DATA = REPO.parent / "shared" / "data" / "mnist"
MLFLOW_DIR = MODEL_DIR / "mlruns"
# An interrupted run's finished stages and last epoch, until it completes (resume.py).
RESUME = MODEL_DIR / "runs" / "resume"
# Written by the Rust CLI (`make model` makes them first): the training digits redrawn by the
# page's stroke path, and the real-handwriting frames of the writers outside the held-out fold.
REDRAWN = MODEL_DIR / "runs" / "train-redrawn-idx3-ubyte"
FRAMES = MODEL_DIR / "runs" / "handwriting"
# The recipe trains on the frames (one seeded variation of each digit beside it as written): real
# strokes and photos gain and MNIST's test holds (the model card's notes); `--handwriting ''`
# trains without them.
HANDWRITING = str(FRAMES)

# The options that change what is trained, with their defaults.
OPTIONS = {
    "epochs": 40,  # final training of the card's network
    "pooled_epochs": 30,  # final training of the pooled variant, which converges in fewer
    "evals": 5,  # Hyperopt evaluations, the first two pre-set
    "search_epochs": 1,  # per search trial
    "seed": 1,
    "thickness": 0.15,  # share of training images whose pen is thickened or thinned
}


def command(options):
    """`python -m nickara_train` with the options of `options` that differ from the recipe."""
    changed = [f" --{k.replace('_', '-')} {options[k]}" for k, default in OPTIONS.items()
               if k in options and options[k] != default]
    if options.get("handwriting_frames") == 0:  # a run's results: it trained without the frames
        changed.append(" --handwriting ''")
    return "python -m nickara_train" + "".join(changed)
