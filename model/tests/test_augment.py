import numpy as np
import tensorflow as tf

from nickara_train import augment, data


def test_augmentation_is_reproducible_in_range_and_changes_images(mnist_dir):
    images = data.load_mnist(str(mnist_dir), "test")[0][:64]
    a = augment.augment_fn(seed=7)(tf.constant(images)).numpy()
    b = augment.augment_fn(seed=7)(tf.constant(images)).numpy()
    np.testing.assert_array_equal(a, b)
    assert a.shape == images.shape and a.min() >= 0.0 and a.max() <= 1.0 + 1e-6
    assert np.abs(a - images).mean() > 0.01


def test_stroke_thickness_thickens_and_thins():
    image = np.zeros((1, 28, 28, 1), np.float32)
    image[0, 8:20, 12:15] = 1.0  # a 3 px wide bar
    batch = tf.constant(np.repeat(image, 200, axis=0))
    out = augment.RandomStrokeThickness(1.0, seed=3)(batch).numpy()
    ink = out.sum(axis=(1, 2, 3))
    assert (ink > image.sum()).any() and (ink < image.sum()).any()
    assert (ink > 0).all()  # thinning keeps a 3 px stroke visible
    untouched = augment.RandomStrokeThickness(0.0, seed=3)(batch).numpy()
    np.testing.assert_array_equal(untouched, batch.numpy())


def test_redrawn_twins_replace_about_the_fraction():
    originals = np.zeros((1000, 28, 28, 1), np.float32)
    twins = np.ones((1000, 28, 28, 1), np.float32)
    pairs = tf.constant(np.concatenate([originals, twins], axis=-1))
    out = augment.RandomlyRedrawn(0.3, seed=5)(pairs).numpy()
    assert out.shape == (1000, 28, 28, 1)
    swapped = out.reshape(1000, -1).max(axis=1)
    assert set(np.unique(out)) <= {0.0, 1.0}  # whole images, never a mix
    assert 0.25 < swapped.mean() < 0.35
