"""python -m nickara_train: search, train, calibrate, export and document the Nickara model.

With no options it runs the recipe the model card describes (recipe.py), from any folder: paths
are relative to the repository, not to where it is run."""

import argparse
import json
import sys
from pathlib import Path

from . import recipe
from .recipe import OPTIONS


def parser():
    p = argparse.ArgumentParser(prog="python -m nickara_train", description=__doc__,
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--data", default=str(recipe.DATA), help="folder with the four MNIST IDX .gz files")
    p.add_argument("--out", default=str(recipe.MODEL_DIR), help="where nickara.onnx, calibration.json, MODEL_CARD.md go")
    p.add_argument("--mlflow-dir", default=str(recipe.MLFLOW_DIR), help="MLflow store (sqlite db + artifacts)")
    p.add_argument("--epochs", type=int, default=OPTIONS["epochs"], help="epochs of the final training of the card's network")
    p.add_argument("--pooled-epochs", type=int, default=OPTIONS["pooled_epochs"],
                   help="epochs of the final training of the pooled variant, when the search picks it")
    p.add_argument("--evals", type=int, default=OPTIONS["evals"],
                   help="Hyperopt evaluations (the first two: the card's recipe, the pooled variant)")
    p.add_argument("--search-epochs", type=int, default=OPTIONS["search_epochs"], help="epochs per search trial")
    p.add_argument("--seed", type=int, default=OPTIONS["seed"])
    p.add_argument("--thickness", type=float, default=OPTIONS["thickness"],
                   help="fraction of images with pen-thickness augmentation")
    p.add_argument("--redrawn", default=str(recipe.REDRAWN),
                   help="IDX file of the training digits redrawn by `nickara redraw` (swapped in for 30%%); "
                        "'' to train without")
    p.add_argument("--handwriting", default=recipe.HANDWRITING,
                   help="prefix of the real-handwriting training frames written by `nickara frames` "
                        f"(PREFIX-images-idx3-ubyte, PREFIX-labels-idx1-ubyte; `make model` writes {recipe.FRAMES}), "
                        "joined to the training split; '' to train without")
    p.add_argument("--resume-dir", default=str(recipe.RESUME),
                   help="where a run keeps its finished stages and its last epoch until it completes; run again "
                        "with the same options, an interrupted run goes on from there ('' to keep nothing)")
    p.add_argument("--quick", action="store_true",
                   help="the recipe on a budget, for comparing levers: no search, only the network the recipe ships "
                        "trained (--pooled-epochs of it), results.json written instead of the model card "
                        "(`make model-quick`)")
    p.add_argument("--recalibrate", action="store_true",
                   help="only recompute the shipped model's 'not sure' threshold (calibration.json, MODEL_CARD.md) "
                        "from the MLflow champion, without training")
    return p


def parse_args(argv):
    p = parser()
    args = p.parse_args(argv)
    if args.evals < 3 and not args.quick:
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
        handwriting=args.handwriting or None, resume_dir=args.resume_dir or None, quick=args.quick,
    )
    keys = ("shipped", "val_accuracy", "test_accuracy", "aug_test_accuracy", "calibration", "onnx", "seconds")
    print(json.dumps({k: results[k] for k in keys}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
