"""The committed model/nickara.onnx against its augmented-test target (≥ 98.5%), recomputed: the
MNIST test set through the card's augmentation (pipeline.AUG_TEST_SEED), run by onnxruntime."""

import re
from pathlib import Path

from nickara_train import data, export, pipeline

MODEL_DIR = Path(__file__).resolve().parents[1]
AUGMENTED_TARGET = 0.985


def test_the_committed_model_meets_the_augmented_test_target_its_card_reports(mnist_dir):
    images, labels = data.load_mnist(str(mnist_dir), "test")
    augmented = pipeline.augmented_copy(images, pipeline.AUG_TEST_SEED)
    accuracy = pipeline.accuracy(export.onnx_predict(str(MODEL_DIR / "nickara.onnx"), augmented), labels)
    assert accuracy >= AUGMENTED_TARGET, f"augmented test {accuracy:.2%} < {AUGMENTED_TARGET:.1%}"
    card = (MODEL_DIR / "MODEL_CARD.md").read_text()
    reported = float(re.search(r"\| augmented test accuracy \| ([\d.]+)%", card).group(1)) / 100
    assert abs(accuracy - reported) <= 0.0001, f"MODEL_CARD.md reports {reported:.2%}, the ONNX gives {accuracy:.2%}"
