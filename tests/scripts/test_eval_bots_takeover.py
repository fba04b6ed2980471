"""``scripts/eval_bots.py``'s handles-taken-over row: the same generated campaign, each bot's
handle also used by an organic account, keyed by the handle (as ``bots`` was before it read
ids) and by the stable id."""

from __future__ import annotations

from tests.support import scripts


def test_keyed_by_id_no_newcomer_post_is_counted_to_a_bot() -> None:
    eval_bots = scripts.load_script("eval_bots")
    newcomers, wrongly, bot_posts, caught = eval_bots.takeover(1, 12, ids=True)
    assert newcomers > 0 and wrongly == 0
    assert caught == bot_posts > 0
    by_handle = eval_bots.takeover(1, 12, ids=False)
    assert by_handle[0] == newcomers and by_handle[1] > 0  # what the row measures
