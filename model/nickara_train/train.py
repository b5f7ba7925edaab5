"""Training one model: the tf.data pipelines, SGD with momentum and a cosine schedule."""

import keras
import numpy as np
import tensorflow as tf

from . import architecture
from .augment import RandomlyRedrawn, augment_fn

BATCH_SIZE = 32  # as fast per epoch as 128 on CPU, and 4x the updates
# Per architecture (architecture.name_of), at the start; cosine decay to 0 at the end of the run.
# The pooled variant has BatchNorm after every convolution and takes a larger rate.
LEARNING_RATES = {"card": 0.01, "pooled": 0.05}
MOMENTUM = 0.9
LOSS = "categorical_crossentropy"
# Share of training images that go through the augmentation (the card's ranges); the rest stay
# clean, so the model (and BatchNormalization's statistics) also see MNIST-sized digits.
AUGMENTED_FRACTION = 0.5
# Share of training images replaced by their redrawn twin (`nickara redraw`: the digit's
# skeleton traced into strokes and normalized by the page's stroke path), when twins are given.
REDRAWN_FRACTION = 0.3


def seed_everything(seed):
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def train_dataset(images, labels, redrawn=None, *, seed, thickness_fraction=0.0, augmented_fraction=AUGMENTED_FRACTION):
    """Shuffled batches; with `redrawn` twins, REDRAWN_FRACTION of the images are swapped for
    them before the augmentation."""
    if redrawn is not None:
        images = np.concatenate([images, redrawn], axis=-1)
    ds = tf.data.Dataset.from_tensor_slices((images, keras.utils.to_categorical(labels, 10)))
    ds = ds.shuffle(len(images), seed=seed, reshuffle_each_iteration=True).batch(BATCH_SIZE)
    if redrawn is not None:
        pick = RandomlyRedrawn(REDRAWN_FRACTION, seed=seed + 5)
        ds = ds.map(lambda x, y: (pick(x), y))
    if augmented_fraction > 0:
        fn = augment_fn(seed, thickness_fraction, augmented_fraction)
        ds = ds.map(lambda x, y: (fn(x), y))
    return ds.prefetch(2)


def eval_dataset(images, labels):
    ds = tf.data.Dataset.from_tensor_slices((images, keras.utils.to_categorical(labels, 10)))
    return ds.batch(512).prefetch(2)


def compile_model(model, epochs, steps_per_epoch):
    """SGD (Nesterov) with cosine decay over `epochs`, from the rate of the model's architecture."""
    learning_rate = LEARNING_RATES[architecture.name_of(model)]
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=epochs * steps_per_epoch)
    optimizer = keras.optimizers.SGD(learning_rate=schedule, momentum=MOMENTUM, nesterov=True)
    model.compile(optimizer=optimizer, loss=LOSS, metrics=["accuracy"])


def fit(model, train, val, epochs, seed, thickness_fraction=0.0, callbacks=(), verbose=2, initial_epoch=0):
    """Train `model` on train=(images, labels), validate on val each epoch; returns History.
    From `initial_epoch` > 0, `model` is one saved mid-training (resume.py): compiled, with its
    optimizer's state and schedule, so it is not compiled again."""
    ds = train_dataset(*train, seed=seed, thickness_fraction=thickness_fraction)
    steps = int(np.ceil(len(train[0]) / BATCH_SIZE))
    if initial_epoch == 0:
        compile_model(model, epochs, steps)
    return model.fit(
        ds, validation_data=eval_dataset(*val), epochs=epochs, initial_epoch=initial_epoch,
        callbacks=list(callbacks), verbose=verbose,
    )


def predict(model, images):
    return model.predict(images, batch_size=512, verbose=0)
