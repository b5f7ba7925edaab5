"""`python -m nickara_train` with no options is the recipe the committed model card describes,
and finds the files `make model` writes where model/model.mk puts them."""

import os
import re
import shlex
import subprocess
import sys

import pytest

from nickara_train import __main__ as cli

CARD = (cli.MODEL_DIR / "MODEL_CARD.md").read_text()
MODEL_MK = (cli.MODEL_DIR / "model.mk").read_text()


@pytest.fixture
def made_inputs(tmp_path, monkeypatch):
    """Stand-ins for the redrawn digits and the handwriting frames, so the defaults parse."""
    redrawn, handwriting = tmp_path / "redrawn", tmp_path / "hw"
    redrawn.touch()
    (tmp_path / "hw-images-idx3-ubyte").touch()
    return ["--redrawn", str(redrawn), "--handwriting", str(handwriting)]


def test_the_committed_model_card_names_the_run_that_made_it(made_inputs):
    """Its command line, parsed, gives the recipe its tables describe; with no options, the
    defaults are that recipe."""
    options = re.search(r"this run was `python -m nickara_train([^`]*)`", CARD).group(1)
    args = cli.parse_args(shlex.split(options) + made_inputs)
    assert cli.command(args, cli.parser()) == f"python -m nickara_train{options}"
    epochs = (f"{args.epochs} for each final training" if args.epochs == args.pooled_epochs else
              f"{args.epochs} for the card's final training, {args.pooled_epochs} for the pooled variant's")
    assert f"| epochs | {epochs}, {args.search_epochs} per search trial |" in CARD
    assert f"| pen-thickness augmentation | {args.thickness:.0%} of training images" in CARD
    assert f"## Hyperparameter search (Hyperopt TPE, {args.evals} evaluations" in CARD
    assert f"| seed | {args.seed} (" in CARD
    assert "| redrawn digits | 30% of training images" in CARD
    assert re.search(r"\| real handwriting \| [\d,]+ frames joined to the training split", CARD)


def test_the_default_paths_are_where_model_mk_makes_the_inputs():
    for variable, default in (("REDRAWN", cli.REDRAWN), ("HANDWRITING", cli.HANDWRITING),
                              ("MLFLOW_DIR", cli.MODEL_DIR / "mlruns")):
        made = re.search(rf"^{variable}\s*\?=\s*(\S+)$", MODEL_MK, re.M).group(1)
        assert cli.REPO / made == default, variable
    assert cli.DATA == (cli.REPO / re.search(r"^DATA\s*\?=\s*(\S+)$", MODEL_MK, re.M).group(1)).resolve()


def test_the_command_lists_only_what_differs_from_the_recipe(made_inputs):
    assert cli.command(cli.parse_args(made_inputs), cli.parser()) == "python -m nickara_train"
    args = cli.parse_args(["--epochs", "4", "--seed", str(cli.SEED)] + made_inputs)
    assert cli.command(args, cli.parser()) == "python -m nickara_train --epochs 4"


def test_a_missing_input_says_what_makes_it_before_tensorflow_loads(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.parse_args(["--redrawn", str(tmp_path / "nope"), "--handwriting", ""])
    message = capsys.readouterr().err
    assert f"{tmp_path / 'nope'} is missing: `make model` writes it" in message and "--redrawn ''" in message


def test_it_runs_from_the_repository_root(tmp_path):
    help_text = subprocess.run([sys.executable, "-m", "nickara_train", "--help"], cwd=cli.REPO,
                               capture_output=True, text=True, check=True,
                               env={**os.environ, "COLUMNS": "1000"}).stdout  # no wrapped lines
    assert f"default: {cli.EPOCHS}" in help_text and str(cli.REDRAWN) in help_text
