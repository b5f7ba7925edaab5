import gzip
import os
import struct
from pathlib import Path

import numpy as np
import pytest

# `make test-model` points HOME and the caches at a temporary folder.
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"

MNIST_DIR = Path(os.environ.get("NICKARA_MNIST", Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist"))


def write_idx(path, array):
    """Write a uint8 array as an IDX file (gzip if the name ends in .gz)."""
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


@pytest.fixture(scope="session")
def mnist_dir():
    if not (MNIST_DIR / "train-labels-idx1-ubyte.gz").exists():
        pytest.fail(f"MNIST not found in {MNIST_DIR}: set NICKARA_MNIST to the folder with the IDX .gz files")
    return MNIST_DIR


@pytest.fixture(scope="session")
def small_mnist(tmp_path_factory, mnist_dir):
    """A few hundred real MNIST images as IDX files: 400 training, 100 test."""
    from nickara_train import data

    out = tmp_path_factory.mktemp("small-mnist")
    for part, n in (("train", 400), ("test", 100)):
        images_file, labels_file = data.FILES[part]
        write_idx(out / images_file, data.read_idx(str(mnist_dir / images_file))[:n])
        write_idx(out / labels_file, data.read_idx(str(mnist_dir / labels_file))[:n])
    return out
