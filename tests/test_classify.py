import pandas as pd
import pytest

from geo.classify import NO_DATA_COLOUR, ZERO_COLOUR, classify
from geo.describe import class_label
from geo.i18n import fmt_number
from geo.indicators import get_indicator


def test_counts_get_zero_value_and_nodata_classes():
    ind = get_indicator("n_towns")
    c = classify(pd.Series([0, 1, 2, 3, 8, None]), ind)
    kinds = [c.classes[i].kind for i in c.class_of]
    assert kinds == ["zero", "value", "value", "value", "value", "nodata"]
    assert c.colours()[0] == ZERO_COLOUR and c.colours()[-1] == NO_DATA_COLOUR
    assert len(set(c.colours()[1:5])) == 4  # 1, 2, 3-4, 5+ are different classes
    labels = [class_label(cls, ind, "en") for cls in c.classes]
    assert labels == ["0 — no monotowns", "1", "2", "3–4", "5 or more", "no data"]


def test_rates_use_mapclassify_on_positive_values_only():
    ind = get_indicator("pop_share_2023")
    values = pd.Series([0, 0, 1.0, 2.0, 3.0, 10.0, 11.0, 30.0, float("nan")])
    c = classify(values, ind)
    value_classes = [k for k in c.classes if k.kind == "value"]
    assert len(value_classes) == 4
    assert value_classes[0].lower == 1.0 and value_classes[-1].upper == 30.0
    assert c.class_of[0] == 0 and c.class_of[-1] == len(c.classes) - 1


def test_rates_with_no_positive_value_have_only_zero_and_nodata():
    c = classify(pd.Series([0.0, None]), get_indicator("pop_share_2023"))
    assert [k.kind for k in c.classes] == ["zero", "nodata"]


@pytest.mark.parametrize(
    "lang, text",
    [("en", "1,416,014.5"), ("ru", "1\u00a0416\u00a0014,5"), ("kk", "1\u00a0416\u00a0014,5")],
)
def test_number_formats(lang, text):
    assert fmt_number(1416014.5, lang, 1) == text


def test_missing_number_reads_no_data():
    assert fmt_number(None, "ru") == "нет данных"
    assert fmt_number(pd.NA, "kk") == "деректер жоқ"


def test_units_without_towns_make_the_zero_class_and_a_real_zero_is_a_value():
    from geo.indicators import Indicator
    from userdata.datasets import PREFIX

    rate = Indicator(f"{PREFIX}x", "rate", lambda u, t: u, "FisherJenks", k=2, decimals=1)
    # A unit with towns whose value is 0 % (a planner's figure) is not "no monotowns".
    c = classify(pd.Series([0.0, 0.0, 5.0, float("nan")]), rate, [True, False, False, False])
    kinds = [c.classes[i].kind for i in c.class_of]
    assert kinds == ["zero", "value", "value", "nodata"]
    # A unit without towns is in the zero class even where its value is unknown.
    c = classify(pd.Series([float("nan"), 2.0]), rate, [True, False])
    assert [c.classes[i].kind for i in c.class_of] == ["zero", "value"]
