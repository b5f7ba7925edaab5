import pytest

from nickara_train import architecture


def test_card_architecture_has_its_layer_names_and_parameter_counts():
    model = architecture.build_model()
    names = [layer.name for layer in model.layers]
    for name in ("CL1", "MPL1", "CL2", "MPL2", "FL", "OUTL"):
        assert name in names
    assert architecture.param_counts(model) == (180_698, 384)
    architecture.assert_card_params(model)
    assert model.output_shape == (None, 10)


def test_other_filter_sizes_fail_the_card_check():
    with pytest.raises(AssertionError, match="180,698"):
        architecture.assert_card_params(architecture.build_model(filters=(64, 32)))
