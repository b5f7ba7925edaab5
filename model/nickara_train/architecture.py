"""The networks the pipeline can train: the original model card's CNN (`card`, its layer names
CL1, MPL1, CL2, MPL2, FL, OUTL; the others are named here for readable summaries) and a variant
of it that ends in global average pooling instead of Flatten (`pooled`)."""

import keras
from keras import layers

INPUT_SHAPE = (28, 28, 1)
NUM_CLASSES = 10
TRAINABLE_PARAMS = 180_698  # the card's architecture with its filters (128, 64)
NON_TRAINABLE_PARAMS = 384
CARD_FILTERS = (128, 64)
# The pooled variant's five convolutions. (32, 48, 48, 96, 128) costs 10.0 M multiply-adds per
# digit, 2% more than the card's network (9.8 M), so the page's speed stays where it is.
POOLED_FILTERS = (32, 48, 48, 96, 128)
POOLED_POOLS_BEFORE = (1, 3, 4)  # a 2x2 max-pool before these convolutions: 28 -> 14 -> 7 -> 3


def build(params):
    """The network `params` (a search point: architecture, dropout, conv_activation, filters) names."""
    builders = {"card": build_card, "pooled": build_pooled}
    if params["architecture"] not in builders:
        raise ValueError(f"unknown architecture {params['architecture']!r}: expected one of {sorted(builders)}")
    return builders[params["architecture"]](params["dropout"], params["conv_activation"], tuple(params["filters"]))


def build_card(dropout=0.2, conv_activation="relu", filters=CARD_FILTERS):
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


def build_pooled(dropout=0.2, conv_activation="relu", filters=POOLED_FILTERS, pools_before=POOLED_POOLS_BEFORE):
    """The card's Flatten -> Dense 64 learns every position and size of a stroke on its own, so
    shifted and shrunken digits (the card's augmentation) stay out of its reach (README,
    "Accuracy"). Here 'same'-padded 3x3 convolutions (Conv -> BatchNorm -> activation) see the
    whole frame by the last one, and global average pooling makes the answer independent of
    where the digit sits; dropout before OUTL. A 2x2 max-pool comes before the convolutions
    whose indexes are in `pools_before`."""
    x = image = keras.Input(INPUT_SHAPE, name="image")
    pool = 0
    for i, f in enumerate(filters):
        if i in pools_before:
            pool += 1
            x = layers.MaxPooling2D(2, name=f"MPL{pool}")(x)
        x = layers.Conv2D(f, 3, padding="same", use_bias=False, name=f"CL{i + 1}")(x)
        x = layers.BatchNormalization(name=f"BN{i + 1}")(x)
        x = layers.Activation(conv_activation, name=f"ACT{i + 1}")(x)
    x = layers.GlobalAveragePooling2D(name="GAP")(x)
    x = layers.Dropout(dropout, name="DO")(x)
    out = layers.Dense(NUM_CLASSES, activation="softmax", name="OUTL")(x)
    return keras.Model(image, out, name="nickara_pooled")


def flatten_features(model):
    """Width of the card's Flatten (`FL`; 1600 with its filters), or None for the pooled variant."""
    flatten = next((layer for layer in model.layers if layer.name == "FL"), None)
    return int(flatten.output.shape[-1]) if flatten else None


def name_of(model):
    """Which architecture a built (or loaded) model is: the card's ends in a Flatten."""
    return "card" if flatten_features(model) else "pooled"


def multiply_adds(model):
    """Multiply-adds of the convolutions and dense layers for one digit: what inference time follows."""
    total = 0
    for layer in model.layers:
        if isinstance(layer, layers.Conv2D):
            h, w, c = layer.output.shape[1:]
            kh, kw = layer.kernel_size
            total += h * w * c * kh * kw * layer.input.shape[-1]
        elif isinstance(layer, layers.Dense):
            total += layer.input.shape[-1] * layer.units
    return total


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
