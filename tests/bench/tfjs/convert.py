"""Keras layer plan (plan.mjs, from the ONNX) -> Keras model -> tensorflowjs_converter.

    python tfjs/convert.py PLAN.json MNIST_100.bin OUT_DIR

Builds the plan as a tf_keras Sequential model (the Keras tensorflowjs 4.22 converts),
checks it on the 100 MNIST test digits of tests/fixtures, saves it as HDF5 and runs
`tensorflowjs_converter --input_format=keras`, which writes OUT_DIR/model.json and its
weight shards: what a Keras user ships to TensorFlow.js.
"""

import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402


def build(plan):
    layers = [keras.Input(shape=plan["input_shape"])]
    weights = []
    for spec in plan["layers"]:
        kind = spec["type"]
        if kind == "Conv2D":
            layer = keras.layers.Conv2D(
                spec["filters"], spec["kernel_size"], strides=spec["strides"], padding=spec["padding"],
                activation=spec["activation"], use_bias=spec["use_bias"])
        elif kind == "BatchNormalization":
            layer = keras.layers.BatchNormalization(epsilon=spec["epsilon"])
        elif kind == "MaxPooling2D":
            layer = keras.layers.MaxPooling2D(spec["pool_size"], strides=spec["strides"])
        elif kind == "Flatten":
            layer = keras.layers.Flatten()
        elif kind == "GlobalAveragePooling2D":
            layer = keras.layers.GlobalAveragePooling2D()
        elif kind == "Dense":
            layer = keras.layers.Dense(spec["units"], activation=spec["activation"], use_bias=spec["use_bias"])
        elif kind == "Activation":
            layer = keras.layers.Activation(spec["activation"])
        else:
            raise ValueError(f"unknown layer type {kind}")
        layers.append(layer)
        weights.append([np.asarray(w["values"], dtype=np.float32).reshape(w["shape"]) for w in spec.get("weights", [])])
    model = keras.Sequential(layers, name="nickara")
    for layer, values in zip(model.layers, weights):
        if values:
            layer.set_weights(values)
    return model


def main(plan_path, mnist_path, out_dir):
    with open(plan_path) as f:
        plan = json.load(f)
    model = build(plan)
    model.summary(print_fn=lambda line: print("  " + line))

    raw = np.fromfile(mnist_path, dtype=np.uint8)
    count = raw.size // 785
    images = raw[: count * 784].reshape(count, 28, 28, 1).astype(np.float32) / 255
    labels = raw[count * 784 :]
    probabilities = model.predict(images, verbose=0)
    accuracy = float((probabilities.argmax(1) == labels).mean())
    print(f"Keras model on {count} MNIST test digits: accuracy {accuracy:.2%}")
    if accuracy < 0.95:
        raise SystemExit("the rebuilt Keras model does not recognize MNIST: the plan is wrong")

    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        h5 = os.path.join(tmp, "nickara.h5")
        model.save(h5)
        subprocess.run(
            [os.path.join(os.path.dirname(sys.executable), "tensorflowjs_converter"),
             "--input_format=keras", h5, out_dir],
            check=True)
    print(f"TF.js Layers model written to {out_dir}: {sorted(os.listdir(out_dir))}")


if __name__ == "__main__":
    main(*sys.argv[1:])
