"""python -m nickara_train: search, train, calibrate, export and document the Nickara model.

With no options it runs the recipe the model card describes, from any folder: the defaults
below are that recipe, and paths are relative to the repository, not to where it is run."""

import argparse
import json
import sys
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent.parent
REPO = MODEL_DIR.parent

# The recipe. `make model` passes only what its caller overrides (EPOCHS=..., etc.).
DATA = REPO.parent / "shared" / "data" / "mnist"
# Final training of the card's network and of the pooled variant. The card's network had 40
# until the real-handwriting frames made each epoch 60% longer; it is trained to be reported
# beside the pooled variant, which beats it on validation and ships, so it gets the same 20.
EPOCHS = 20
POOLED_EPOCHS = 20
EVALS = 5
SEARCH_EPOCHS = 1
SEED = 1
THICKNESS = 0.15  # share of training images whose pen is thickened or thinned
# Written by the Rust CLI (`make model` makes them first): the training digits redrawn by the
# page's stroke path, and the real-handwriting frames of the writers outside the held-out fold.
REDRAWN = MODEL_DIR / "runs" / "train-redrawn-idx3-ubyte"
HANDWRITING = MODEL_DIR / "runs" / "handwriting"


def parser():
    p = argparse.ArgumentParser(prog="python -m nickara_train", description=__doc__,
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--data", default=str(DATA), help="folder with the four MNIST IDX .gz files")
    p.add_argument("--out", default=str(MODEL_DIR), help="where nickara.onnx, calibration.json, MODEL_CARD.md go")
    p.add_argument("--mlflow-dir", default=str(MODEL_DIR / "mlruns"), help="MLflow store (sqlite db + artifacts)")
    p.add_argument("--epochs", type=int, default=EPOCHS, help="epochs of the final training of the card's network")
    p.add_argument("--pooled-epochs", type=int, default=POOLED_EPOCHS,
                   help="epochs of the final training of the pooled variant, when the search picks it")
    p.add_argument("--evals", type=int, default=EVALS,
                   help="Hyperopt evaluations (the first two: the card's recipe, the pooled variant)")
    p.add_argument("--search-epochs", type=int, default=SEARCH_EPOCHS, help="epochs per search trial")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--thickness", type=float, default=THICKNESS,
                   help="fraction of images with pen-thickness augmentation")
    p.add_argument("--redrawn", default=str(REDRAWN),
                   help="IDX file of the training digits redrawn by `nickara redraw` (swapped in for 30%%); "
                        "'' to train without")
    p.add_argument("--handwriting", default=str(HANDWRITING),
                   help="prefix of the real-handwriting training frames written by `nickara frames` "
                        "(PREFIX-images-idx3-ubyte, PREFIX-labels-idx1-ubyte), joined to the training split; "
                        "'' to train without")
    p.add_argument("--recalibrate", action="store_true",
                   help="only recompute the shipped model's 'not sure' threshold (calibration.json, MODEL_CARD.md) "
                        "from the MLflow champion, without training")
    return p


def parse_args(argv):
    p = parser()
    args = p.parse_args(argv)
    if args.evals < 3:
        p.error("--evals must be at least 3 (the card's recipe, the pooled variant, then TPE's proposals)")
    if not args.recalibrate:
        missing_inputs(p, args)
    return args


def missing_inputs(p, args):
    """The inputs the Rust CLI writes are checked before TensorFlow loads, with what to run."""
    needed = [(args.redrawn, args.redrawn, "--redrawn"),
              (args.handwriting, f"{args.handwriting}-images-idx3-ubyte", "--handwriting")]
    for given, path, option in needed:
        if given and not Path(path).exists():
            p.error(f"{path} is missing: `make model` writes it before training (the recipe is in "
                    f"model/model.mk), or pass {option} '' to train without it")


# The options that change the recipe (not where files are), as the card shows the run.
RECIPE_OPTIONS = ("epochs", "pooled_epochs", "evals", "search_epochs", "seed", "thickness")


def command(args, p):
    """`python -m nickara_train` with the options that differ from the recipe's defaults."""
    changed = [f" --{k.replace('_', '-')} {getattr(args, k)}" for k in RECIPE_OPTIONS
               if getattr(args, k) != p.get_default(k)]
    return "python -m nickara_train" + "".join(changed)


def main(argv=None):
    args = parse_args(argv)
    from . import pipeline  # TensorFlow loads here, after --help

    if args.recalibrate:
        results = pipeline.recalibrate(args.data, args.out, args.mlflow_dir)
        print(json.dumps(results["calibration"], indent=2))
        return
    results = pipeline.run(
        data_dir=args.data, out_dir=args.out, mlflow_dir=args.mlflow_dir, epochs=args.epochs,
        evals=args.evals, search_epochs=args.search_epochs, seed=args.seed,
        thickness=args.thickness, redrawn=args.redrawn or None, pooled_epochs=args.pooled_epochs,
        handwriting=args.handwriting or None, command=command(args, parser()),
    )
    keys = ("shipped", "val_accuracy", "test_accuracy", "aug_test_accuracy", "calibration", "onnx", "seconds")
    print(json.dumps({k: results[k] for k in keys}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
