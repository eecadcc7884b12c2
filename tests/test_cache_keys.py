"""The cache key of a frame (explorer.ui.frame_key) tells tables apart and finds a copy again."""
from __future__ import annotations

import pandas as pd

from explorer import ui


def test_a_copy_has_the_same_key_and_any_changed_cell_a_new_one():
    frame = pd.DataFrame({"name": ["Leeds", "York"], "rating": ["Good", None], "n": pd.array([3, None], "Int64")})
    assert ui.frame_key(frame.copy()) == ui.frame_key(frame)
    changed = [frame.assign(rating=["Good", "Inadequate"]), frame.assign(n=pd.array([3, 4], "Int64")),
               frame.rename(columns={"n": "cases"}), frame.iloc[::-1], frame.astype({"n": "float64"})]
    keys = {ui.frame_key(f) for f in [frame, *changed]}
    assert len(keys) == len(changed) + 1
