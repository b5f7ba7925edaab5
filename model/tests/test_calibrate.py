import numpy as np

from nickara_train import architecture, calibrate


def synthetic(temperature, n=4000, seed=0):
    """Labels drawn from softmax(z): z * temperature is over-confident by that temperature."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 3, size=(n, 10))
    p = calibrate.softmax(z)
    labels = np.array([rng.choice(10, p=row) for row in p])
    return z * temperature, labels


def test_fit_temperature_recovers_the_over_confidence():
    logits, labels = synthetic(temperature=2.0)
    assert abs(calibrate.fit_temperature(logits, labels) - 2.0) < 0.2


def test_ece_is_small_when_calibrated_and_large_when_not():
    logits, labels = synthetic(temperature=1.0)
    assert calibrate.expected_calibration_error(calibrate.softmax(logits), labels) < 0.03
    assert calibrate.expected_calibration_error(calibrate.softmax(logits * 3), labels) > 0.1


def test_baked_temperature_equals_softmax_of_scaled_logits():
    model = architecture.build_card()
    x = np.random.default_rng(1).random((8, 28, 28, 1), dtype=np.float32)
    z = calibrate.logits(model, x)
    calibrate.bake_temperature(model, 2.5)
    np.testing.assert_allclose(model.predict(x, verbose=0), calibrate.softmax(z / 2.5), atol=1e-5)


def test_unsure_threshold_keeps_accepted_accuracy_at_target():
    logits, labels = synthetic(temperature=1.0)
    probs = calibrate.softmax(logits)
    threshold, coverage = calibrate.unsure_threshold(probs, labels, target=0.99)
    accepted = probs.max(axis=1) >= threshold
    assert (probs[accepted].argmax(axis=1) == labels[accepted]).mean() >= 0.99
    assert 0 < coverage < 1 and abs(coverage - accepted.mean()) < 1e-12
    confidence = probs.max(axis=1)
    lower = confidence >= confidence[confidence < threshold].max()  # the next lower threshold
    assert (probs[lower].argmax(axis=1) == labels[lower]).mean() < 0.99  # ... misses the target
