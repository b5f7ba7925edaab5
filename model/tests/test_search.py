"""The search space and its pre-set trials, with a stand-in objective (no training)."""

from functools import partial

from hyperopt import STATUS_OK, tpe

from nickara_train import architecture, search


def run(evals, algo=tpe.suggest):
    seen = []

    def objective(point):
        params = search.as_params(point)
        seen.append(params)
        # the pooled variant with swish scores best, so TPE has something to find
        score = (params["architecture"] == "pooled") + (params["conv_activation"] == "swish") - params["dropout"]
        return {"loss": -score, "status": STATUS_OK}

    return search.minimize(objective, evals, seed=1, algo=algo), seen


def test_the_preset_trials_come_first_and_count_towards_the_evaluations():
    best, seen = run(5)
    assert seen[:2] == search.PRESET and len(seen) == 5
    assert seen[1] == {**search.CARD_RECIPE, "architecture": "pooled", "filters": architecture.POOLED_FILTERS}
    for params in seen:
        assert tuple(params["filters"]) in search.FILTERS[params["architecture"]]
    assert best in seen


def test_tpe_can_take_over_from_the_random_start_up_trials():
    # TPE reads every label of every trial, also the filters of the architecture a trial did not use
    best, seen = run(8, algo=partial(tpe.suggest, n_startup_jobs=2))
    assert len(seen) == 8 and best["architecture"] == "pooled"
