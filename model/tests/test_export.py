import numpy as np
import onnx
import pytest

from nickara_train import architecture, export, search


@pytest.mark.parametrize("activation", search.CONV_ACTIVATIONS)
def test_every_searchable_activation_exports_to_onnx_that_tract_runs(activation, tmp_path):
    model = architecture.build_card(conv_activation=activation, filters=(8, 8))
    path = str(tmp_path / "m.onnx")
    export.export_onnx(model, path)  # runs onnx.checker
    graph = onnx.load(path).graph
    assert not any(n.op_type in ("Shape", "Gather", "Concat") for n in graph.node)  # constant flatten
    x = np.random.default_rng(0).random((3, 28, 28, 1), dtype=np.float32)
    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(export.onnx_predict(path, x), expected, atol=1e-5)
    np.testing.assert_allclose(export.tract_predict(path, x, batch=1), expected, atol=1e-5)


def test_the_pooled_variant_exports_to_onnx_that_onnxruntime_and_tract_run(tmp_path):
    model = architecture.build_pooled(filters=(8, 8, 8, 8, 8))
    model.get_layer("BN2").moving_mean.assign(np.full(8, 0.5, np.float32))  # BatchNorm is folded, not dropped
    path = str(tmp_path / "m.onnx")
    export.export_onnx(model, path)
    graph = onnx.load(path).graph
    assert "GlobalAveragePool" in {n.op_type for n in graph.node}
    assert (graph.input[0].name, graph.output[0].name) == ("image", "probabilities")
    x = np.random.default_rng(1).random((3, 28, 28, 1), dtype=np.float32)
    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(export.onnx_predict(path, x), expected, atol=1e-5)
    np.testing.assert_allclose(export.tract_predict(path, x, batch=3), expected, atol=1e-5)
