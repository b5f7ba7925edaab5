"""MNIST from its IDX files, and the stratified train/validation split."""

import gzip
import os
import struct

import numpy as np

FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
IDX_DTYPE_UBYTE = 0x08


def read_idx(path):
    """Read an IDX file (gzip or raw) into a numpy array of its declared shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4:
        raise ValueError(f"{path}: too short for an IDX header")
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != IDX_DTYPE_UBYTE:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {raw[:4].hex()})")
    header = 4 + 4 * ndim
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    expected = int(np.prod(shape))
    if len(raw) - header != expected:
        raise ValueError(f"{path}: header says {shape} ({expected} bytes), file has {len(raw) - header}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def load_mnist(data_dir, part):
    """Images as float32 NHWC [N,28,28,1] in [0,1] (white ink on black), labels as uint8."""
    images_file, labels_file = FILES[part]
    images = read_idx(os.path.join(data_dir, images_file))
    labels = read_idx(os.path.join(data_dir, labels_file))
    if len(images) != len(labels):
        raise ValueError(f"{data_dir}: {len(images)} {part} images but {len(labels)} labels")
    return (images.astype(np.float32) / 255.0)[..., None], labels


def stratified_split(labels, val_fraction, seed):
    """Shuffled indexes (train, val): each class split val_fraction / rest, fixed by seed."""
    rng = np.random.default_rng(seed)
    train, val = [], []
    for digit in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == digit))
        n_val = int(round(len(members) * val_fraction))
        val.append(members[:n_val])
        train.append(members[n_val:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(val))
