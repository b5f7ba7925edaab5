"""Temperature scaling (fitted on validation), baked into OUTL, and the "not sure" threshold."""

import keras
import numpy as np
from scipy.optimize import minimize_scalar

ECE_BINS = 15
# Accepted validation predictions must reach this accuracy. At 99.9% the page said "not sure"
# to one clean MNIST digit in twenty and to 40% of small drawings: noise, not a warning. At
# 99.5% two thirds of scribbles that are no digit got a confident answer. 99.8% answers 97% of
# the stroke suite and says "not sure" to ~70% of scribbles (MODEL_CARD.md, notes: the "not sure" rule).
UNSURE_TARGET_ACCURACY = 0.998
UNSURE_RULE = (
    "lowest confidence threshold t such that the validation predictions with calibrated "
    f"confidence >= t are at least {UNSURE_TARGET_ACCURACY:.1%} correct; below t the page says 'not sure'"
)


def logits(model, images):
    """OUTL's pre-softmax outputs, in float64."""
    outl = model.get_layer("OUTL")
    features = keras.Model(model.inputs, outl.input).predict(images, batch_size=512, verbose=0)
    kernel, bias = (w.numpy().astype(np.float64) for w in outl.weights)
    return features.astype(np.float64) @ kernel + bias


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def nll(z, labels):
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def fit_temperature(val_logits, val_labels):
    """T minimizing the validation negative log-likelihood of softmax(logits / T)."""
    result = minimize_scalar(
        lambda log_t: nll(val_logits / np.exp(log_t), val_labels), bounds=(-3, 3), method="bounded"
    )
    return float(np.exp(result.x))


def bake_temperature(model, temperature):
    """softmax((Wx + b) / T) == softmax((W/T) x + b/T): same graph, calibrated outputs."""
    outl = model.get_layer("OUTL")
    kernel, bias = outl.get_weights()
    outl.set_weights([kernel / temperature, bias / temperature])


def expected_calibration_error(probs, labels, bins=ECE_BINS):
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (confidence > lo) & (confidence <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(ece)


def unsure_threshold(probs, labels, target=UNSURE_TARGET_ACCURACY):
    """(threshold, coverage): the largest set of most-confident predictions reaching `target`."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    order = np.argsort(-confidence, kind="stable")
    accuracy_of_top_k = np.cumsum(correct[order]) / np.arange(1, len(order) + 1)
    ok = np.flatnonzero(accuracy_of_top_k >= target)
    if len(ok) == 0:
        return 1.0, 0.0
    threshold = float(confidence[order][ok[-1]])
    accepted = confidence >= threshold
    while accepted.any() and correct[accepted].mean() < target:  # ties at the threshold
        threshold = float(np.nextafter(threshold, 1.0))
        accepted = confidence >= threshold
    return threshold, float(accepted.mean())
