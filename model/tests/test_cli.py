"""`python -m nickara_train` with no options is the recipe, the committed model card names the
command that reproduces it, and the defaults find the files `make model` writes."""

import os
import re
import shlex
import subprocess
import sys

import pytest

from nickara_train import __main__ as cli
from nickara_train import recipe

CARD = (recipe.MODEL_DIR / "MODEL_CARD.md").read_text()
MODEL_MK = (recipe.MODEL_DIR / "model.mk").read_text()


@pytest.fixture
def made_inputs(tmp_path):
    """Stand-ins for the redrawn digits and the handwriting frames, so the defaults parse."""
    (tmp_path / "redrawn").touch()
    (tmp_path / "hw-images-idx3-ubyte").touch()
    return ["--redrawn", str(tmp_path / "redrawn"), "--handwriting", str(tmp_path / "hw")]


def test_no_options_is_the_recipe(made_inputs):
    args = vars(cli.parse_args(made_inputs))
    assert {k: args[k] for k in recipe.OPTIONS} == recipe.OPTIONS
    assert (args["data"], args["out"]) == (str(recipe.DATA), str(recipe.MODEL_DIR))


def test_the_committed_model_card_names_the_command_of_its_recipe(made_inputs):
    """The card's command line, parsed, gives the recipe its tables describe."""
    options = re.search(r"this run was `python -m nickara_train([^`]*)`", CARD).group(1)
    args = cli.parse_args(shlex.split(options) + made_inputs)
    epochs = (f"{args.epochs} for each final training" if args.epochs == args.pooled_epochs else
              f"{args.epochs} for the card's final training, {args.pooled_epochs} for the pooled variant's")
    assert f"| epochs | {epochs}, {args.search_epochs} per search trial |" in CARD
    assert f"| pen-thickness augmentation | {args.thickness:.0%} of training images" in CARD
    assert f"## Hyperparameter search (Hyperopt TPE, {args.evals} evaluations" in CARD
    assert f"| seed | {args.seed} (" in CARD
    assert "| redrawn digits | 30% of training images" in CARD
    assert ("| real handwriting | none |" in CARD) == (not args.handwriting)


def test_the_command_lists_only_what_differs_from_the_recipe():
    assert recipe.command(recipe.OPTIONS) == "python -m nickara_train"
    changed = {**recipe.OPTIONS, "epochs": 4, "data": "/elsewhere"}
    assert recipe.command(changed) == "python -m nickara_train --epochs 4"
    without_frames = {**recipe.OPTIONS, "handwriting_frames": 0}
    assert recipe.command(without_frames) == "python -m nickara_train --handwriting ''"


def test_the_default_paths_are_where_model_mk_makes_the_inputs():
    for variable, default in (("REDRAWN", recipe.REDRAWN), ("FRAMES", recipe.FRAMES),
                              ("MLFLOW_DIR", recipe.MLFLOW_DIR)):
        made = re.search(rf"^{variable}\s*[?:]=\s*(\S+)$", MODEL_MK, re.M).group(1)
        assert recipe.REPO / made == default, variable
    # Both train on the real-handwriting frames unless told not to.
    assert re.search(r"^HANDWRITING\s*\?=\s*\$\(FRAMES\)$", MODEL_MK, re.M)
    assert recipe.HANDWRITING == str(recipe.FRAMES)
    data = re.search(r"^DATA\s*\?=\s*(\S+)$", MODEL_MK, re.M).group(1)
    assert (recipe.REPO / data).resolve() == recipe.DATA.resolve()


def test_a_missing_input_says_what_makes_it_before_tensorflow_loads(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.parse_args(["--redrawn", str(tmp_path / "nope"), "--handwriting", ""])
    message = capsys.readouterr().err
    assert f"{tmp_path / 'nope'} is missing: `make model` writes it" in message and "--redrawn ''" in message


def test_it_runs_from_the_repository_root():
    help_text = subprocess.run([sys.executable, "-m", "nickara_train", "--help"], cwd=recipe.REPO,
                               capture_output=True, text=True, check=True,
                               env={**os.environ, "COLUMNS": "1000"}).stdout  # no wrapped lines
    assert f"(default: {recipe.OPTIONS['epochs']})" in help_text and str(recipe.REDRAWN) in help_text
