"""MODEL_CARD.md for either shipped architecture, and the rule that picks it."""

import pytest

from nickara_train import architecture, card, pipeline


def final(name, arch, val, filters):
    model = architecture.build({"architecture": arch, "dropout": 0.2, "conv_activation": "relu", "filters": filters})
    return model, {
        "name": name, "architecture": arch, "dropout": 0.2, "conv_activation": "relu", "filters": filters,
        "params": architecture.param_counts(model), "multiply_adds": architecture.multiply_adds(model),
        "epochs": 40 if arch == "card" else 20, "val_accuracy": val, "test_accuracy": 0.995,
        "aug_test_accuracy": 0.97 if arch == "card" else 0.99, "seconds": 600.0,
    }


def results(finals, shipped):
    point = {k: finals[-1][k] for k in ("architecture", "dropout", "conv_activation", "filters")}
    return {
        "seed": 1, "data": "mnist", "epochs": 40, "pooled_epochs": 20, "search_epochs": 1, "evals": 5,
        "thickness": 0.15, "split": {"train": 48_000, "val": 12_000, "test": 10_000},
        "trials": [{"trial": 1, **point, "val_accuracy": 0.97, "seconds": 60.0}], "best": point,
        "finals": finals, "shipped": shipped, "val_accuracy": 0.993, "test_accuracy": 0.995,
        "aug_test_accuracy": 0.99, "confusion": [[0] * 10] * 10,
        "calibration": {"temperature": 1.1, "ece_test_before": 0.002, "ece_test_after": 0.001, "unsure_below": 0.9,
                        "rule": "rule", "val_coverage": 0.98, "test_coverage": 0.98, "test_accuracy_accepted": 0.999},
        "onnx": {"checker": "passed", "ort_max_abs_diff": 1e-7, "ort_argmax_disagreements": 0,
                 "tract_max_abs_diff": 1e-7, "tract_argmax_disagreements": 0, "size_bytes": 760_000},
        "seconds": {"search": 300.0, "final": 3000.0, "total": 3400.0}, "machine": "test",
    }


def test_the_card_ships_on_a_tie_and_the_variant_when_it_is_better_on_validation():
    card_final = {"name": "card", "val_accuracy": 0.9928}
    assert pipeline.shipped_candidate([card_final, {"name": "search-best", "val_accuracy": 0.9928}]) is card_final
    better = {"name": "search-best", "val_accuracy": 0.9941}
    assert pipeline.shipped_candidate([card_final, better]) is better


@pytest.mark.parametrize("shipped", ["card", "search-best"])
def test_model_card_describes_the_shipped_architecture_beside_the_card(shipped):
    (card_model, card_final), (pooled_model, pooled_final) = (
        final("card", "card", 0.9928, architecture.CARD_FILTERS),
        final("search-best", "pooled", 0.9941, architecture.POOLED_FILTERS))
    model = card_model if shipped == "card" else pooled_model
    text = card.render(model, results([card_final, pooled_final], shipped))
    assert "| card | card | 0.2 | relu | (128, 64) | 180,698 / 384 | 9.8 M | 40 |" in text
    assert "| search-best | pooled | 0.2 | relu | (32, 48, 48, 96, 128) | 188,906 / 704 | 10.0 M | 20 |" in text
    if shipped == "card":
        assert "## Architecture: the original card's network" in text and "| `FL` | Flatten |" in text
        assert "constant reshape `[-1, 1600]`" in text
    else:
        assert "## Architecture: the pooled variant" in text and "| `GAP` | GlobalAveragePooling2D |" in text
        assert "GlobalAveragePool" in text and "1600" not in text
        assert "**search-best**: the pooled variant" in text


def test_hand_kept_notes_survive_a_new_card_and_nothing_else_does():
    old = f"# old card\nstale numbers\n\n{card.NOTES_BEGIN}\n## Notes\nwhy the recipe is so\n{card.NOTES_END}\n"
    new = card.with_notes("# new card\nfresh numbers\n", old)
    assert new.startswith("# new card\nfresh numbers\n") and "stale" not in new
    assert new.count("why the recipe is so") == 1 and new.rstrip().endswith(card.NOTES_END)
    assert card.with_notes("# new card\n", "# an old card without notes\n") == "# new card\n"
