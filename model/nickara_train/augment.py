"""Training-time augmentation, run in the tf.data input pipeline (never in the exported model).

The ranges equal the original card's
ImageDataGenerator(width_shift_range=.2, height_shift_range=.2, rotation_range=15,
                   fill_mode='constant', zoom_range=[.75, 2]):
Keras 3's RandomZoom factor f scales the frame by 1 + f, so zoom in [.75, 2] is f in
[-0.25, 1.0] (positive shrinks the digit, as ImageDataGenerator's z > 1 did).
"""

import keras
from keras import layers
from keras.src.layers.preprocessing.data_layer import DataLayer  # Keras' base for tf.data layers (not exported)

SHIFT_RANGE = 0.2  # fraction of width / height
ROTATION_DEGREES = 15
ZOOM_RANGE = (0.75, 2.0)
# Optional pen-thickness augmentation: this fraction of training images gets
# its strokes thickened (3x3 max-pool: +2 px) or thinned (2x2 min-pool: -1 px), half each.
# (A 3x3 min-pool erases most of MNIST's 2-3 px strokes.)
THICKEN_KERNEL = 3
THIN_KERNEL = 2


class RandomStrokeThickness(DataLayer):
    """Dilate or erode the ink of a random fraction of images (white ink on black)."""

    def __init__(self, fraction, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.fraction = fraction
        self.seed = seed
        self.generator = keras.random.SeedGenerator(seed)

    def call(self, images):
        ops = self.backend
        seed = self._get_seed_generator(ops._backend)
        u = ops.random.uniform((ops.shape(images)[0], 1, 1, 1), seed=seed)
        thick = ops.nn.max_pool(images, THICKEN_KERNEL, strides=1, padding="same")
        thin = -ops.nn.max_pool(-images, THIN_KERNEL, strides=1, padding="same")
        out = ops.numpy.where(u < self.fraction / 2, thick, images)
        return ops.numpy.where((u >= self.fraction / 2) & (u < self.fraction), thin, out)

    def compute_output_shape(self, input_shape):
        return input_shape


class RandomlyApplied(DataLayer):
    """Applies `steps` to a random `fraction` of the images of each batch, leaves the rest as they are."""

    def __init__(self, steps, fraction, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.steps = steps
        self.fraction = fraction
        self.seed = seed
        self.generator = keras.random.SeedGenerator(seed)

    def call(self, images):
        ops = self.backend
        out = images
        for step in self.steps:
            out = step(out, training=True)
        if self.fraction >= 1.0:
            return out
        u = ops.random.uniform((ops.shape(images)[0], 1, 1, 1), seed=self._get_seed_generator(ops._backend))
        return ops.numpy.where(u < self.fraction, out, images)

    def compute_output_shape(self, input_shape):
        return input_shape


class RandomlyRedrawn(DataLayer):
    """Images come in pairs on the channel axis (MNIST, redrawn twin); keeps the twin for a
    random `fraction` of each batch and the MNIST original for the rest."""

    def __init__(self, fraction, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.fraction = fraction
        self.seed = seed
        self.generator = keras.random.SeedGenerator(seed)

    def call(self, pairs):
        ops = self.backend
        u = ops.random.uniform((ops.shape(pairs)[0], 1, 1, 1), seed=self._get_seed_generator(ops._backend))
        return ops.numpy.where(u < self.fraction, pairs[..., 1:2], pairs[..., 0:1])

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], 1)


def augmentation_layers(seed, thickness_fraction=0.0):
    zoom = (ZOOM_RANGE[0] - 1.0, ZOOM_RANGE[1] - 1.0)
    steps = []
    if thickness_fraction > 0:
        steps.append(RandomStrokeThickness(thickness_fraction, seed=seed + 3))
    steps += [
        layers.RandomTranslation(SHIFT_RANGE, SHIFT_RANGE, fill_mode="constant", seed=seed),
        layers.RandomRotation(ROTATION_DEGREES / 360, fill_mode="constant", seed=seed + 1),
        layers.RandomZoom(zoom, zoom, fill_mode="constant", seed=seed + 2),
    ]
    return steps


def augment_fn(seed, thickness_fraction=0.0, fraction=1.0):
    """A function images -> augmented images for tf.data.Dataset.map on batches:
    `fraction` of the images go through the augmentation, the others stay as they are."""
    return RandomlyApplied(augmentation_layers(seed, thickness_fraction), fraction, seed=seed + 4)
