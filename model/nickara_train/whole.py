"""The network's second output, "one whole digit": the probability that a frame is all of one
digit's ink, not a part of one (a 4's bar, a 5's flag) nor ink of several digits.

Reading a number, the page reads many runs of strokes and keeps the cutting whose runs are read
most surely (src/choose.rs). The digits' softmax is sure of many a part (a 4's bar looks like a
1) and of many a pair squeezed into one frame; this output is trained on exactly those runs,
made of real digits by `nickara pieces` (label 10: not one digit).

The digit network is not touched: a small head reads the features of its last convolution
(before the global pooling, so where the ink lies still shows), and is grafted into the ONNX
graph as a second output `whole` [N, 1]. The digits' probabilities stay bit for bit what they
were.

    python -m nickara_train.whole --pieces runs/pieces --validation runs/pieces-val \\
        --onnx nickara.onnx
"""

import argparse
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .data import read_idx

NOT_ONE_DIGIT = 10
OUTPUT_NAME = "whole"
# Chosen on the pieces of writers outside the training ones (--validation): 12 epochs without
# dropout read 98% of the training pieces and 84% of the others' (the head learns the writers);
# dropout 0.5 and an L2 penalty for 4 epochs read 85%, with the most whole digits read whole.
HIDDEN = 32
DROPOUT = 0.5
L2 = 1e-3
EPOCHS = 4
SEED = 1


def features_tensor(model_proto):
    """The name of the tensor the global pooling reads: the last convolution's activations."""
    pools = [n for n in model_proto.graph.node if n.op_type == "GlobalAveragePool"]
    if len(pools) != 1:
        raise ValueError(f"expected one GlobalAveragePool in the ONNX graph, found {len(pools)}")
    return pools[0].input[0]


def without_whole(model_proto):
    """The graph with its digits' output only (a graph already grafted loses its head)."""
    model = onnx.ModelProto()
    model.CopyFrom(model_proto)
    g = model.graph
    if any(o.name == OUTPUT_NAME for o in g.output):
        head = {n.name for n in g.node if n.name.startswith("whole/")}
        kept = [n for n in g.node if n.name not in head]
        del g.node[:]
        g.node.extend(kept)
        for init in [i for i in g.initializer if i.name.startswith("whole/")]:
            g.initializer.remove(init)
        for out in [o for o in g.output if o.name == OUTPUT_NAME]:
            g.output.remove(out)
    return model


def run_batched(model_proto, name, images, batch=2000):
    """Tensor `name` of `model_proto` for `images` ([N, 28, 28] in [0, 1]), by onnxruntime in
    batches, flattened per image."""
    import onnxruntime as ort

    session = ort.InferenceSession(model_proto.SerializeToString(), providers=["CPUExecutionProvider"])
    chunks = []
    for i in range(0, len(images), batch):
        x = np.ascontiguousarray(images[i : i + batch, :, :, None], dtype=np.float32)
        chunks.append(session.run([name], {"image": x})[0].reshape(len(x), -1))
    return np.concatenate(chunks)


def features(model_proto, images):
    """The last convolution's activations for `images`, flattened as ONNX's Flatten does
    (channels first)."""
    model = without_whole(model_proto)
    name = features_tensor(model)
    model.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    return run_batched(model, name, images)


def load_pieces(prefix):
    images = read_idx(f"{prefix}-images-idx3-ubyte").astype(np.float32) / 255.0
    labels = read_idx(f"{prefix}-labels-idx1-ubyte")
    return images, (labels != NOT_ONE_DIGIT).astype(np.float32)


def train_head(x, y, hidden=HIDDEN, epochs=EPOCHS, seed=SEED):
    """A Dense(hidden, relu) → Dense(1, sigmoid) head on the features, with dropout in front."""
    import keras

    keras.utils.set_random_seed(seed)
    net = keras.Sequential(
        [
            keras.Input((x.shape[1],)),
            keras.layers.Dropout(DROPOUT),
            keras.layers.Dense(hidden, activation="relu", kernel_regularizer=keras.regularizers.l2(L2)),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    net.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    net.fit(x, y, epochs=epochs, batch_size=256, verbose=0)
    return [w.numpy() for w in net.weights]


def graft(model_proto, head):
    """`model_proto` with the head (kernel, bias, kernel, bias) as the second output `whole`."""
    model = without_whole(model_proto)
    g = model.graph
    w1, b1, w2, b2 = (np.asarray(w, dtype=np.float32) for w in head)
    for name, value in [("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)]:
        g.initializer.append(numpy_helper.from_array(value, f"whole/{name}"))
    f = features_tensor(model)
    nodes = [
        ("Flatten", [f], ["whole/flat"], {"axis": 1}),
        ("MatMul", ["whole/flat", "whole/w1"], ["whole/h"], {}),
        ("Add", ["whole/h", "whole/b1"], ["whole/hb"], {}),
        ("Relu", ["whole/hb"], ["whole/hr"], {}),
        ("MatMul", ["whole/hr", "whole/w2"], ["whole/z"], {}),
        ("Add", ["whole/z", "whole/b2"], ["whole/zb"], {}),
        ("Sigmoid", ["whole/zb"], [OUTPUT_NAME], {}),
    ]
    for i, (op, inputs, outputs, attrs) in enumerate(nodes):
        g.node.append(helper.make_node(op, inputs, outputs, name=f"whole/{i}_{op}", **attrs))
    out = helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["N", 1])
    g.output.append(out)
    onnx.checker.check_model(model, full_check=True)
    return model


def predict_whole(model_proto, images):
    """The grafted graph's `whole` for `images`, by onnxruntime."""
    return run_batched(model_proto, OUTPUT_NAME, images)[:, 0]


def scores(p, y):
    """Accuracy at 0.5 and the share of each kind read right."""
    said = p > 0.5
    return {
        "pieces": int(len(y)),
        "whole_digits": int(y.sum()),
        "accuracy": float((said == (y > 0.5)).mean()),
        "whole_read_whole": float(said[y > 0.5].mean()),
        "not_read_not": float((~said[y < 0.5]).mean()),
    }


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m nickara_train.whole", description=__doc__.split("\n\n")[0])
    p.add_argument("--pieces", required=True, help="PREFIX of `nickara pieces` (training writers)")
    p.add_argument("--validation", required=True, help="PREFIX of `nickara pieces` of other writers")
    p.add_argument("--onnx", required=True, help="the exported network, rewritten with the head")
    p.add_argument("--json", help="write the validation scores here")
    args = p.parse_args(argv)

    model = onnx.load(args.onnx)
    images, y = load_pieces(args.pieces)
    head = train_head(features(model, images), y)
    grafted = graft(model, head)
    val_images, val_y = load_pieces(args.validation)
    result = {"training": scores(predict_whole(grafted, images), y),
              "validation": scores(predict_whole(grafted, val_images), val_y),
              "hidden": HIDDEN, "dropout": DROPOUT, "l2": L2, "epochs": EPOCHS, "seed": SEED}
    tmp = f"{args.onnx}.tmp-{os.getpid()}"
    onnx.save(grafted, tmp)
    os.replace(tmp, args.onnx)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
