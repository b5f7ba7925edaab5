import pytest

from nickara_train import architecture


def test_card_architecture_has_its_layer_names_and_parameter_counts():
    model = architecture.build_card()
    names = [layer.name for layer in model.layers]
    for name in ("CL1", "MPL1", "CL2", "MPL2", "FL", "OUTL"):
        assert name in names
    assert architecture.param_counts(model) == (180_698, 384)
    architecture.assert_card_params(model)
    assert model.output_shape == (None, 10)


def test_other_filter_sizes_fail_the_card_check():
    with pytest.raises(AssertionError, match="180,698"):
        architecture.assert_card_params(architecture.build_card(filters=(64, 32)))


def test_pooled_variant_costs_no_more_than_the_card_and_ends_in_global_pooling():
    card, pooled = architecture.build_card(), architecture.build_pooled()
    names = [layer.name for layer in pooled.layers]
    assert names[-3:] == ["GAP", "DO", "OUTL"] and "FL" not in names
    assert [pooled.get_layer(f"CL{i}").filters for i in range(1, 6)] == list(architecture.POOLED_FILTERS)
    assert pooled.get_layer("CL5").output.shape[1:3] == (3, 3)  # 28 -> 14 -> 7 -> 3
    assert architecture.param_counts(pooled) == (188_906, 704)
    assert architecture.multiply_adds(card) == 9_804_960
    assert architecture.multiply_adds(pooled) == 10_028_288  # 2% more than the card: the same page speed
    assert pooled.output_shape == (None, 10)


def test_build_dispatches_on_the_architecture_and_names_the_choices_on_a_typo():
    params = {"dropout": 0.3, "conv_activation": "elu", "filters": (8, 8, 8, 8, 8)}
    model = architecture.build({**params, "architecture": "pooled"})
    assert model.get_layer("DO").rate == 0.3 and model.get_layer("ACT1").activation.__name__ == "elu"
    with pytest.raises(ValueError, match=r"unknown architecture 'poled': expected one of \['card', 'pooled'\]"):
        architecture.build({**params, "architecture": "poled"})


@pytest.mark.parametrize("name, expected", [("card", 0.01), ("pooled", 0.05)])
def test_the_learning_rate_follows_the_architecture(name, expected):
    from nickara_train import search, train

    model = architecture.build({**search.CARD_RECIPE, "architecture": name, "filters": search.FILTERS[name][-1]})
    train.compile_model(model, epochs=2, steps_per_epoch=10)
    assert float(model.optimizer.learning_rate) == pytest.approx(expected)  # at step 0 of the decay
