"""The original model card's CNN, with its layer names (CL1, MPL1, CL2, MPL2, FL, OUTL; the
others are named here for readable summaries)."""

import keras
from keras import layers

INPUT_SHAPE = (28, 28, 1)
NUM_CLASSES = 10
TRAINABLE_PARAMS = 180_698  # with the card's filters (128, 64)
NON_TRAINABLE_PARAMS = 384


def build_model(dropout=0.2, conv_activation="relu", filters=(128, 64)):
    f1, f2 = filters
    return keras.Sequential(
        [
            keras.Input(INPUT_SHAPE, name="image"),
            layers.Conv2D(f1, 3, activation=conv_activation, name="CL1"),
            layers.BatchNormalization(name="BN1"),
            layers.MaxPooling2D(2, name="MPL1"),
            layers.Dropout(dropout, name="DO1"),
            layers.Conv2D(f2, 3, activation=conv_activation, name="CL2"),
            layers.BatchNormalization(name="BN2"),
            layers.MaxPooling2D(2, name="MPL2"),
            layers.Dropout(dropout, name="DO2"),
            layers.Flatten(name="FL"),
            layers.Dense(64, activation="relu", name="FC1"),
            layers.Dropout(dropout, name="DO3"),
            layers.Dense(32, activation="relu", name="FC2"),
            layers.Dense(16, activation="relu", name="FC3"),
            layers.Dense(NUM_CLASSES, activation="softmax", name="OUTL"),
        ],
        name="nickara",
    )


def param_counts(model):
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    non_trainable = sum(int(w.numpy().size) for w in model.non_trainable_weights)
    return trainable, non_trainable


def assert_card_params(model):
    counts = param_counts(model)
    if counts != (TRAINABLE_PARAMS, NON_TRAINABLE_PARAMS):
        raise AssertionError(
            f"{model.name}: {counts[0]:,} trainable / {counts[1]:,} non-trainable parameters, "
            f"the card's architecture has {TRAINABLE_PARAMS:,} / {NON_TRAINABLE_PARAMS:,}"
        )
