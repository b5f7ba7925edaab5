import gzip

import numpy as np
import pytest

from conftest import write_idx
from nickara_train import data


def test_read_idx_round_trips_gzip_and_raw(tmp_path):
    array = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / "a.gz", array)
    write_idx(tmp_path / "a", array)
    for name in ("a.gz", "a"):
        got = data.read_idx(str(tmp_path / name))
        assert got.shape == (2, 3, 4)
        np.testing.assert_array_equal(got, array)


def test_read_idx_rejects_wrong_magic_and_truncated_files(tmp_path):
    with gzip.open(tmp_path / "bad.gz", "wb") as f:
        f.write(b"\x00\x00\x0d\x01" + b"\x00\x00\x00\x02" + b"ab")  # float IDX, not ubyte
    with pytest.raises(ValueError, match="unsigned-byte"):
        data.read_idx(str(tmp_path / "bad.gz"))
    write_idx(tmp_path / "ok", np.zeros((5, 2), np.uint8))
    (tmp_path / "cut").write_bytes((tmp_path / "ok").read_bytes()[:-3])
    with pytest.raises(ValueError, match="header says"):
        data.read_idx(str(tmp_path / "cut"))


def test_real_mnist_files_have_the_standard_shapes(mnist_dir):
    images, labels = data.load_mnist(str(mnist_dir), "test")
    assert images.shape == (10_000, 28, 28, 1) and images.dtype == np.float32
    assert labels.shape == (10_000,) and set(np.unique(labels)) == set(range(10))
    assert images.min() == 0.0 and images.max() == 1.0
    assert images[:, :4].mean() < 0.01 < images[:, 10:18, 10:18].mean()  # white ink on black, centered


LABELS = np.repeat(np.arange(10), [50, 60, 70, 80, 90, 100, 110, 120, 130, 140])


def test_split_is_stratified_on_the_label():
    train, val = data.stratified_split(LABELS, 0.2, seed=1)
    for digit, count in zip(*np.unique(LABELS, return_counts=True)):
        assert (LABELS[val] == digit).sum() == round(0.2 * count)
        assert (LABELS[train] == digit).sum() == count - round(0.2 * count)


def test_split_is_disjoint_covering_and_shuffled():
    train, val = data.stratified_split(LABELS, 0.2, seed=1)
    assert not set(train) & set(val)
    assert sorted(np.concatenate([train, val])) == list(range(len(LABELS)))
    assert not np.all(np.diff(train) > 0) and not np.all(np.diff(LABELS[val]) >= 0)


def test_split_is_deterministic_for_a_seed_and_changes_with_it():
    a = data.stratified_split(LABELS, 0.2, seed=1)
    b = data.stratified_split(LABELS, 0.2, seed=1)
    c = data.stratified_split(LABELS, 0.2, seed=2)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert set(a[1]) != set(c[1])
