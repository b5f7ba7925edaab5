"""python -m nickara_train: search, train, calibrate, export and document the Nickara model."""

import argparse
import json
import sys


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m nickara_train", description=__doc__)
    p.add_argument("--data", default="../shared/data/mnist", help="folder with the four MNIST IDX .gz files")
    p.add_argument("--out", default="model", help="where nickara.onnx, calibration.json, MODEL_CARD.md go")
    p.add_argument("--mlflow-dir", default="model/mlruns", help="MLflow store (sqlite db + artifacts)")
    p.add_argument("--epochs", type=int, default=40, help="epochs of the final training of the card's network")
    p.add_argument("--pooled-epochs", type=int, default=20,
                   help="epochs of the final training of the pooled variant, when the search picks it")
    p.add_argument("--evals", type=int, default=5,
                   help="Hyperopt evaluations (the first two: the card's recipe, the pooled variant)")
    p.add_argument("--search-epochs", type=int, default=1, help="epochs per search trial")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--thickness", type=float, default=0.0, help="fraction of images with pen-thickness augmentation")
    p.add_argument("--redrawn", default=None, help="IDX file of the training digits redrawn by `nickara redraw` (swapped in for 30%%)")
    p.add_argument("--handwriting", default=None,
                   help="prefix of the real-handwriting training frames written by `nickara frames` "
                        "(PREFIX-images-idx3-ubyte, PREFIX-labels-idx1-ubyte), joined to the training split")
    p.add_argument("--recalibrate", action="store_true",
                   help="only recompute the shipped model's 'not sure' threshold (calibration.json, MODEL_CARD.md) "
                        "from the MLflow champion, without training")
    args = p.parse_args(argv)
    if args.evals < 3:
        p.error("--evals must be at least 3 (the card's recipe, the pooled variant, then TPE's proposals)")
    return args


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
        thickness=args.thickness, redrawn=args.redrawn, pooled_epochs=args.pooled_epochs,
        handwriting=args.handwriting,
    )
    keys = ("shipped", "val_accuracy", "test_accuracy", "aug_test_accuracy", "calibration", "onnx", "seconds")
    print(json.dumps({k: results[k] for k in keys}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
