"""State identifiers in every form a user types them."""

from __future__ import annotations

import pytest

import threatbalance as tb


@pytest.mark.parametrize(
    "ident,code",
    [
        (373, 373),
        ("373", 373),
        ("AZE", 373),
        ("aze", 373),
        ("Azerbaijan", 373),
        ("جمهوری آذربایجان", 373),
        ("آذربایجان", 373),
        ("ISR", 666),
        ("Israel", 666),
        ("اسرائیل", 666),
        ("IRN", 630),
        ("Iran", 630),
        ("ايران", 630),  # Arabic yeh, as in the seed article's text layer
        ("United States of America", 2),
        ("USA", 2),
        ("united states", 2),
        ("GBR", 200),
        ("UKG", 200),
        ("Russia", 365),
        ("RUS", 365),
        ("روسیه", 365),
        ("Turkey", 640),
        ("TUR", 640),
        ("ترکیه", 640),
    ],
)
def test_resolve_state(ident, code):
    assert tb.resolve_state(ident) == code


def test_unknown_state_suggests_closest():
    with pytest.raises(tb.UnknownStateError, match=r"unknown state 'Iraan'.*Iran \(IRN, 630\)"):
        tb.resolve_state("Iraan")


@pytest.mark.parametrize("bad", [999, "999", "", None, True])
def test_bad_identifiers_fail_clearly(bad):
    with pytest.raises(tb.InputError):
        tb.resolve_state(bad)


def test_resolve_states_keeps_order_and_drops_duplicates():
    assert tb.resolve_states("ISR, AZE, IRN, Israel") == [666, 373, 630]
    with pytest.raises(tb.EmptySelectionError):
        tb.resolve_states(" , ")


def test_names():
    assert tb.state_name("AZE") == "Azerbaijan"
    assert tb.state_name(630, lang="fa") == "ایران"
    with pytest.raises(tb.InputError, match="allowed: en, fa"):
        tb.state_name(630, lang="xx")


def test_gw_system_codes():
    assert tb.resolve_state("Serbia", system="gw") == 340
    with pytest.raises(tb.InputError, match="allowed: cow, gw"):
        tb.resolve_state("Iran", system="xx")


def test_state_table_has_persian_names_for_current_states():
    t = tb.state_table()
    assert t.height > 200
    assert t.filter(tb.col("code").is_in([2, 630, 666, 373]))["name_fa"].null_count() == 0


@pytest.mark.parametrize(
    "ident,code",
    [
        ("Vietnam", 816),
        ("Republic of Vietnam", 817),
        ("Soviet Union", 365),
        ("USSR", 365),
        ("UK", 200),
        ("Great Britain", 200),
        ("Burma", 775),
        ("Türkiye", 640),
        ("Viet Nam", 816),
        ("Korea, Republic of", 732),
        ("West Germany", 260),
        ("آمریکا", 2),
        ("جمهوری اسلامی ایران", 630),
        ("کره جنوبی", 732),
        ("کرهٔ جنوبی", 732),
        ("اسراییل", 666),
        ("امارات متحده عربی", 696),
        ("شوروی", 365),
        ("اتحاد جماهیر شوروی", 365),
        ("عثمانی", 640),
        ("Australia", 900),
        ("Austria", 305),
        (2.0, 2),
        ("DEU", 255),
        ("GMY", 255),
    ],
)
def test_common_names_and_aliases(ident, code):
    assert tb.resolve_state(ident) == code


@pytest.mark.parametrize(
    "ident,both",
    [
        ("AUS", ("Austria (305)", "Australia (900)")),
        ("KOR", ("Korea (730)", "South Korea (732)")),
        ("SWZ", ("Switzerland (225)", "(572)")),
    ],
)
def test_codes_meaning_two_states_are_ambiguous_not_silently_wrong(ident, both):
    with pytest.raises(tb.UnknownStateError, match="ambiguous") as exc:
        tb.resolve_state(ident)
    for b in both:
        assert b in str(exc.value)


def test_resolution_is_deterministic_across_processes():
    import subprocess
    import sys

    code = "import threatbalance as tb; print(tb.resolve_state('Vietnam'), tb.resolve_state('Republic of Vietnam'))"
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(3)
    }
    assert outs == {"816 817\n"}
