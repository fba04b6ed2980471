"""The shipped points are what ``scripts/fit_weights.py`` gives on today's data and code.

``weights.tsv`` says it is fitted; a change to the model's features, the registry or the
labelled data that is not followed by a refit would make that untrue, and the eval figures in
the README would describe a table nobody can make again."""

from __future__ import annotations

from tests.scripts.test_lookalike_sets import load


def test_the_shipped_table_is_the_fit_of_todays_data() -> None:
    fit = load("fit_weights")
    table = fit.read_table()
    settings = fit.fitted_with(table)
    assert settings is not None, "weights.tsv names the --balance and --sigma it was fitted with"
    balance, sigma = settings
    rounded = fit.fitted_points(fit.collect(fit.sets.LABELLED), table, balance, sigma)
    assert fit.table_text(table, rounded, balance, sigma) == fit.TABLE.read_text("utf-8"), (
        f"refit: python scripts/fit_weights.py --balance {balance:g} --sigma {sigma:g}")
