"""`make ceiling`'s experiments on a few hundred images, one epoch: the real code path, tiny data."""

import pytest

from nickara_train import ceiling


@pytest.fixture(scope="module")
def rows(small_mnist):
    return ceiling.run(str(small_mnist), epochs=1)


def test_runs_the_card_and_the_pooled_cnn_with_their_shares_of_augmented_images(rows):
    assert [(r["name"], r["augmented_fraction"]) for r in rows] == [
        ("card", 1.0), ("gap-cnn", 1.0), ("gap-cnn", 0.5)]
    assert rows[0]["params"] == 180_698
    assert rows[1]["params"] == rows[2]["params"] == 288_170  # trainable; 289,066 with BatchNorm's statistics
    for r in rows:
        assert 0.0 <= r["test_accuracy"] <= 1.0 and 0.0 <= r["aug_test_accuracy"] <= 1.0


def test_table_has_a_row_per_run(rows):
    lines = ceiling.table(rows).splitlines()
    assert lines[0] == "| model | training | MNIST test | augmented test |" and len(lines) == 2 + len(rows)
    assert lines[2].startswith("| card | 1 epoch, 100% augmented |")


def test_champion_rows_are_skipped_without_a_champion(tmp_path, capsys):
    assert ceiling.champion_rows(str(tmp_path / "mlruns"), None, None, None) == []
    assert "run `make model` first" in capsys.readouterr().err
