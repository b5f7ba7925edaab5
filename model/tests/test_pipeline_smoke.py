"""The whole pipeline on a few hundred images, one short epoch: real code path, tiny data."""

import json

import mlflow
import numpy as np
import onnx
import onnxruntime as ort
import pytest

from conftest import write_idx
from nickara_train import calibrate, card, data, export, pipeline, search, tracking


@pytest.fixture(scope="module")
def run(small_mnist, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    mlflow_dir = tmp_path_factory.mktemp("mlruns")
    # Stand-ins for `nickara redraw`'s twins: the training images shifted by two pixels.
    train_images = data.read_idx(str(small_mnist / data.FILES["train"][0]))
    redrawn = out / "train-redrawn-idx3-ubyte"
    write_idx(redrawn, np.roll(train_images, 2, axis=2))
    results = pipeline.run(
        data_dir=str(small_mnist), out_dir=str(out), mlflow_dir=str(mlflow_dir),
        epochs=1, pooled_epochs=2, evals=3, search_epochs=1, seed=3, thickness=0.3, redrawn=str(redrawn),
    )
    return results, out, mlflow_dir


def test_card_architecture_was_trained_with_its_parameter_counts(run):
    results, out, _ = run
    card = next(f for f in results["finals"] if f["name"] == "card")
    assert card["params"] == (180_698, 384) and card["architecture"] == "card"
    for final in results["finals"]:
        assert final["epochs"] == {"card": 1, "pooled": 2}[final["architecture"]]
    split = results["split"]
    assert split["train"] + split["val"] == 400 and abs(split["val"] - 80) <= 5 and split["test"] == 100
    assert [t["architecture"] for t in results["trials"][:2]] == ["card", "pooled"] and len(results["trials"]) == 3
    card_md = (out / "MODEL_CARD.md").read_text()
    assert "180,698" in card_md and "`OUTL`" in card_md and "champion" in card_md
    assert results["redrawn_fraction"] == 0.3 and "| redrawn digits | 30% of training images" in card_md


def test_redrawn_twins_must_match_the_training_set(tmp_path):
    path = tmp_path / "twins-idx3-ubyte"
    write_idx(path, np.zeros((10, 28, 28), np.uint8))
    with pytest.raises(ValueError, match="expected 400 redrawn 28x28 training images"):
        pipeline.load_redrawn(str(path), 400)


def test_onnx_runs_in_onnxruntime_with_the_contract_shapes(run, small_mnist):
    _, out, _ = run
    path = out / "nickara.onnx"
    onnx.checker.check_model(onnx.load(path), full_check=True)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (inp,), (outp,) = session.get_inputs(), session.get_outputs()
    assert (inp.name, inp.shape, inp.type) == ("image", ["N", 28, 28, 1], "tensor(float)")
    assert (outp.name, outp.shape) == ("probabilities", ["N", 10])
    images = data.load_mnist(str(small_mnist), "test")[0][:5]
    probs = session.run(None, {"image": images})[0]
    assert probs.shape == (5, 10) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(export.tract_predict(str(path), images[:1]), probs[:1], atol=1e-5)
    assert not list(out.glob("*.tmp-*")) and not list(out.glob(".*tmp*"))


def test_calibration_json_has_what_the_rust_side_reads(run):
    _, out, _ = run
    cal = json.loads((out / "calibration.json").read_text())
    assert set(cal) == {"temperature", "unsure_below", "rule", "ece_test_before", "ece_test_after", "val_coverage"}
    assert cal["temperature"] > 0 and 0 <= cal["unsure_below"] <= 1 and 0 <= cal["val_coverage"] <= 1


def test_mlflow_store_has_trials_epochs_artifacts_and_the_champion(run):
    results, _, mlflow_dir = run
    tracking.setup(mlflow_dir)
    client = mlflow.MlflowClient()
    experiment = client.get_experiment_by_name(tracking.EXPERIMENT)
    runs = client.search_runs([experiment.experiment_id])
    names = {r.info.run_name for r in runs}
    assert {"pipeline", "trial-1", "trial-2", "final-card"} <= names
    trial = next(r for r in runs if r.info.run_name == "trial-1")
    assert trial.data.params["conv_activation"] == "relu"
    assert len(client.get_metric_history(trial.info.run_id, "val_accuracy")) == 1  # one per epoch
    assert {a.path for a in client.list_artifacts(trial.info.run_id)} >= {"history.json", "summary.txt"}
    champion = client.get_model_version_by_alias(tracking.REGISTERED_MODEL, tracking.ALIAS)
    assert str(champion.version) == str(results["registered_version"])
    assert champion.run_id == results["run_id"]


def test_recalibrate_recomputes_only_the_threshold_from_the_champion(run, small_mnist, monkeypatch):
    results, out, mlflow_dir = run
    before = json.loads((out / "calibration.json").read_text())
    monkeypatch.setattr(calibrate, "UNSURE_TARGET_ACCURACY", 1.0)
    monkeypatch.setattr(calibrate, "UNSURE_RULE", "every accepted validation answer right")
    again = pipeline.recalibrate(str(small_mnist), str(out), str(mlflow_dir))
    after = json.loads((out / "calibration.json").read_text())
    assert after["rule"] == "every accepted validation answer right"
    assert after["temperature"] == before["temperature"] and after["ece_test_after"] == before["ece_test_after"]
    assert after["unsure_below"] >= before["unsure_below"]
    assert again["test_accuracy"] == results["test_accuracy"]
    assert "every accepted validation answer right" in (out / "MODEL_CARD.md").read_text()


def test_recalibrate_without_a_trained_store_says_what_to_run(small_mnist, tmp_path):
    with pytest.raises(SystemExit, match="run `make model` first"):
        pipeline.recalibrate(str(small_mnist), str(tmp_path), str(tmp_path / "mlruns"))


def test_a_variant_the_search_prefers_is_trained_beside_the_card_with_its_own_epochs(small_mnist, tmp_path, monkeypatch):
    search_for_real = search.run_search

    def pooled_wins(*args, **kwargs):
        _, trials = search_for_real(*args, **kwargs)
        return search.PRESET[1], trials

    monkeypatch.setattr(search, "run_search", pooled_wins)
    results = pipeline.run(
        data_dir=str(small_mnist), out_dir=str(tmp_path / "out"), mlflow_dir=str(tmp_path / "mlruns"),
        epochs=1, pooled_epochs=2, evals=3, search_epochs=1, seed=3,
    )
    assert [(f["name"], f["architecture"], f["epochs"]) for f in results["finals"]] == [
        ("card", "card", 1), ("search-best", "pooled", 2)]
    shipped = pipeline.shipped_candidate(results["finals"])
    assert results["shipped"] == shipped["name"] and results["val_accuracy"] == pytest.approx(shipped["val_accuracy"], abs=0.02)
    card_md = (tmp_path / "out" / "MODEL_CARD.md").read_text()
    assert f"| shipped | **{shipped['name']}**: the {card.ARCHITECTURE_NAMES[shipped['architecture']]}" in card_md


def test_an_interrupted_run_goes_on_from_its_last_finished_stage_and_epoch(small_mnist, tmp_path, monkeypatch):
    """Cut short after the first of the variant's two epochs, the run is taken up again with the
    same options: the search and the card's network are not redone, the variant goes on from its
    second epoch with the optimizer where it was, and the kept state is gone once it completes."""
    from nickara_train import resume, train

    search_for_real, save_for_real, fit_for_real = search.run_search, resume._EpochSaver.on_epoch_end, train.fit
    monkeypatch.setattr(search, "run_search", lambda *a, **k: (search.PRESET[1], search_for_real(*a, **k)[1]))

    def cut_short(self, epoch, logs=None):
        save_for_real(self, epoch, logs)
        if self.name == "final-search-best" and epoch == 0:
            raise KeyboardInterrupt

    monkeypatch.setattr(resume._EpochSaver, "on_epoch_end", cut_short)
    kept = tmp_path / "resume"
    options = dict(data_dir=str(small_mnist), out_dir=str(tmp_path / "out"), mlflow_dir=str(tmp_path / "mlruns"),
                   epochs=1, pooled_epochs=2, evals=3, search_epochs=1, seed=3, resume_dir=str(kept))
    with pytest.raises(KeyboardInterrupt):
        pipeline.run(**options)
    assert {p.name for p in kept.iterdir()} >= {"search.done.json", "final-card.done.json", "final-search-best.keras"}
    first_trials = json.loads((kept / "search.done.json").read_text())["trials"]
    card_record = json.loads((kept / "final-card.done.json").read_text())

    resumed_from = []

    def fit_spied(model, *args, initial_epoch=0, **kwargs):
        resumed_from.append((initial_epoch, int(model.optimizer.iterations.numpy())))
        return fit_for_real(model, *args, initial_epoch=initial_epoch, **kwargs)

    monkeypatch.setattr(search, "run_search", lambda *a, **k: pytest.fail("the finished search ran again"))
    monkeypatch.setattr(resume._EpochSaver, "on_epoch_end", save_for_real)
    monkeypatch.setattr(train, "fit", fit_spied)
    results = pipeline.run(**options)
    steps = -(-results["split"]["train"] // train.BATCH_SIZE)
    assert resumed_from == [(1, steps)], "only the variant trained again, from its second epoch"
    assert results["trials"] == first_trials and results["finals"][0] == card_record
    assert [f["epochs"] for f in results["finals"]] == [1, 2]
    assert not kept.exists()


def test_a_quick_run_trains_only_the_shipped_network_and_leaves_the_card_alone(small_mnist, tmp_path, capsys):
    out = tmp_path / "quick"
    results = pipeline.run(data_dir=str(small_mnist), out_dir=str(out), mlflow_dir=str(out / "mlruns"),
                           epochs=9, pooled_epochs=1, evals=5, search_epochs=1, seed=3, quick=True)
    assert results["trials"] == [] and [(f["name"], f["architecture"], f["epochs"]) for f in results["finals"]] == [
        ("search-best", "pooled", 1)]
    assert {p.name for p in out.iterdir()} >= {"nickara.onnx", "calibration.json", "results.json"}
    assert not (out / "MODEL_CARD.md").exists()
    said = capsys.readouterr().out
    assert "final search-best: epoch 1/1" in said and "left of it" in said and "of the run" in said
