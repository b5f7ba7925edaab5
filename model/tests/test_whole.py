import json

import numpy as np
import onnx

from conftest import write_idx
from nickara_train import architecture, export, whole


def pooled_onnx(tmp_path):
    model = architecture.build_pooled(filters=(8, 8, 8, 8, 8))
    path = str(tmp_path / "m.onnx")
    export.export_onnx(model, path)
    return path


def random_head(features, hidden, seed):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(features, hidden)), rng.normal(size=hidden), rng.normal(size=(hidden, 1)), rng.normal(size=1)]


def test_the_grafted_head_is_a_second_output_and_leaves_the_digits_alone(tmp_path):
    path = pooled_onnx(tmp_path)
    model = onnx.load(path)
    x = np.random.default_rng(2).random((4, 28, 28), dtype=np.float32)
    feats = whole.features(model, x)
    assert feats.shape == (4, 8 * 3 * 3)
    head = random_head(feats.shape[1], 5, seed=3)
    grafted = whole.graft(model, head)
    assert [o.name for o in grafted.graph.output] == ["probabilities", "whole"]
    grafted_path = str(tmp_path / "g.onnx")
    onnx.save(grafted, grafted_path)
    # Bit for bit: the digits' output is the same graph.
    np.testing.assert_array_equal(export.onnx_predict(grafted_path, x[..., None]), export.onnx_predict(path, x[..., None]))
    w1, b1, w2, b2 = head
    expected = 1 / (1 + np.exp(-(np.maximum(feats @ w1 + b1, 0) @ w2 + b2)[:, 0]))
    np.testing.assert_allclose(whole.predict_whole(grafted, x), expected, rtol=1e-4, atol=1e-6)
    # tract runs both outputs.
    import tract

    runnable = tract.onnx().load(grafted_path)
    runnable.set_input_fact(0, "4,28,28,1,f32")
    out = runnable.into_model().into_runnable().run([x[..., None]])
    np.testing.assert_allclose(out[1].to_numpy()[:, 0], expected, rtol=1e-4, atol=1e-6)
    # Grafting again replaces the head.
    again = whole.graft(grafted, random_head(feats.shape[1], 5, seed=4))
    assert [o.name for o in again.graph.output] == ["probabilities", "whole"]
    assert len(again.graph.node) == len(grafted.graph.node)
    assert not np.allclose(whole.predict_whole(again, x), expected)


def test_the_head_learns_what_is_one_digit(tmp_path):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(20000, 20)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.float32)
    w1, b1, w2, b2 = whole.train_head(x, y)
    p = 1 / (1 + np.exp(-(np.maximum(x @ w1 + b1, 0) @ w2 + b2)[:, 0]))
    assert ((p > 0.5) == (y > 0.5)).mean() > 0.9


def test_the_command_grafts_the_onnx_and_writes_its_scores(tmp_path):
    path = pooled_onnx(tmp_path)
    rng = np.random.default_rng(6)
    for name, n in (("train", 600), ("val", 200)):
        images = (rng.random((n, 28, 28)) * 255).astype(np.uint8)
        labels = rng.integers(0, 11, size=n).astype(np.uint8)
        write_idx(tmp_path / f"{name}-images-idx3-ubyte", images)
        write_idx(tmp_path / f"{name}-labels-idx1-ubyte", labels)
    out = tmp_path / "whole.json"
    whole.main(["--pieces", str(tmp_path / "train"), "--validation", str(tmp_path / "val"),
                "--onnx", path, "--json", str(out)])
    assert [o.name for o in onnx.load(path).graph.output] == ["probabilities", "whole"]
    scores = json.loads(out.read_text())
    assert scores["validation"]["pieces"] == 200
    assert 0 <= scores["validation"]["accuracy"] <= 1
