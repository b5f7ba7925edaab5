"""Keras -> ONNX, and the checks that the ONNX graph computes what Keras computes.

tf2onnx writes Keras' Flatten (the card's `FL`) as Shape -> Gather -> Slice -> Concat -> Reshape,
which tract cannot type with a symbolic batch. We replace it by a Reshape to the constant
[-1, features], so the graph loads in tract with any fixed batch (and even a symbolic N). The
pooled variant has no Flatten (GlobalAveragePool, then Squeeze) and needs no surgery.
"""

import os

import keras
import numpy as np
import onnx
from onnx import helper, numpy_helper

from . import architecture

INPUT_NAME = "image"
OUTPUT_NAME = "probabilities"
BATCH_DIM = "N"


def export_onnx(model, path):
    """Write `model` to `path` as ONNX (atomically: a temp file, then rename)."""
    tmp = f"{path}.tmp-{os.getpid()}"
    spec = keras.InputSpec(shape=(None, *model.input_shape[1:]), dtype="float32", name=INPUT_NAME)
    model.export(tmp, format="onnx", verbose=False, input_signature=[spec])
    graph = onnx.load(tmp)
    simplify(graph, architecture.flatten_features(model))
    onnx.checker.check_model(graph, full_check=True)
    onnx.save(graph, tmp)
    os.replace(tmp, path)
    return path


def simplify(model_proto, flat_features):
    """Constant flatten (when the model has one: `flat_features`), readable input/output names,
    batch dimension named N."""
    g = model_proto.graph
    if flat_features is not None:
        constant_flatten(g, flat_features)

    old_out = g.output[0].name
    for node in g.node:
        node.output[:] = [OUTPUT_NAME if o == old_out else o for o in node.output]
    g.output[0].name = OUTPUT_NAME
    for value in (g.input[0], g.output[0]):
        value.type.tensor_type.shape.dim[0].dim_param = BATCH_DIM
    prune_dead_nodes(g)


def constant_flatten(g, flat_features):
    flatten = [n for n in g.node if n.op_type == "Reshape" and "/FL" in n.name]
    if len(flatten) != 1:
        raise ValueError(f"expected one Flatten reshape in the ONNX graph, found {len(flatten)}")
    shape = numpy_helper.from_array(np.array([-1, flat_features], dtype=np.int64), "flatten_shape")
    g.initializer.append(shape)
    flatten[0].input[1] = shape.name


def prune_dead_nodes(g):
    needed = {o.name for o in g.output}
    keep = []
    for node in reversed(g.node):
        if any(o in needed for o in node.output):
            keep.append(node)
            needed.update(node.input)
    del g.node[:]
    g.node.extend(reversed(keep))
    unused = [i for i in g.initializer if i.name not in needed]
    for init in unused:
        g.initializer.remove(init)


def onnx_predict(path, images, batch=1000):
    import onnxruntime as ort

    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return np.concatenate(
        [session.run(None, {name: images[i : i + batch]})[0] for i in range(0, len(images), batch)]
    )


def tract_predict(path, images, batch=1000):
    """Run `images` through tract, loaded with fixed input facts [batch,28,28,1]."""
    import tract

    runnables = {}

    def runnable(n):
        if n not in runnables:
            inference = tract.onnx().load(path)
            inference.set_input_fact(0, f"{n},{','.join(map(str, images.shape[1:]))},f32")
            runnables[n] = inference.into_model().into_runnable()
        return runnables[n]

    chunks = [np.ascontiguousarray(images[i : i + batch], dtype=np.float32) for i in range(0, len(images), batch)]
    return np.concatenate([runnable(len(c)).run([c])[0].to_numpy() for c in chunks])


def tract_version():
    import tract

    return tract.version()
