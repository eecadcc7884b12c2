"""The ratings model: order, non-rated states, and colours that meet WCAG AA for their words."""
import pytest

from explorer import ratings


def test_conventional_order_and_ranks():
    assert ratings.RATINGS == ("Outstanding", "Good", "Requires improvement", "Inadequate")
    assert [ratings.rating_rank(r) for r in ratings.RATINGS] == [4, 3, 2, 1]
    assert ratings.rating_rank(None) is None and ratings.rating_rank(float("nan")) is None
    assert ratings.rating_rank("Excellent") is None


@pytest.mark.parametrize("label", ratings.ALL_LABELS)
def test_text_on_every_fill_meets_aa(label):
    s = ratings.style(label)
    assert ratings.contrast_ratio(s.fill, s.text) >= 4.5


def test_contrast_ratio_known_values():
    assert ratings.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert ratings.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_fills_are_distinct_and_okabe_ito():
    fills = [ratings.style(r).fill for r in ratings.RATINGS]
    assert fills == ["#0072B2", "#009E73", "#E69F00", "#D55E00"]
    # the four ratings have distinct hues; every other state is told apart by fill and pattern
    assert len({ratings.style(r).fill for r in ratings.RATINGS}) == 4
    looks = {(ratings.style(s).fill, ratings.style(s).pattern) for s in ratings.STATES}
    assert len(looks) == len(ratings.STATES) - 1  # "Inspected, not in our data" looks like "Not published"


def test_rating_band_states():
    assert ratings.rating_band("Good") == "Good"
    assert ratings.rating_band(None) == ratings.NOT_PUBLISHED
    assert ratings.rating_band("Good", inspected=False) == ratings.NOT_INSPECTED
    assert ratings.rating_band(None, in_framework=False) == ratings.NOT_RATED


def test_ordered_and_category():
    assert ratings.ordered(["Inadequate", "Not rated", "Good"]) == ["Good", "Inadequate", "Not rated"]
    cat = ratings.rating_category(["Good", "Inadequate", "Outstanding"])
    assert list(cat.sort_values()) == ["Inadequate", "Good", "Outstanding"]


def test_badge_always_has_the_word():
    assert ">Inadequate</span>" in ratings.badge_html("Inadequate")


def test_cell_labels_of_two_columns_match_cell_label_of_each_pair():
    """The column-wise labels (each distinct pair worked out once) are the per-cell rule's, in
    order, for ratings, blanks of every kind and coverage labels, with and without states."""
    import numpy as np
    import pandas as pd

    from explorer import ratings
    rating_col = pd.Series(["Good", None, np.nan, pd.NA, "Inadequate", None, "Good", "not a rating"], dtype=object)
    states = pd.Series([None, ratings.COVERAGE["rated"], "Not inspected", None, "x", "Not inspected", "y", None],
                       dtype=object)
    pairs = zip(rating_col, states, strict=True)
    assert ratings.cell_labels(rating_col, states) == [ratings.cell_label(r, s) for r, s in pairs]
    assert ratings.cell_labels(rating_col) == [ratings.cell_label(r) for r in rating_col]
