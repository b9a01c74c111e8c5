"""The report's message catalogue: complete in both languages, compiled files current, messages rendered."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from threatbalance.cases._text import LANGS, Cat, Join, Label, Msg, Name, Num, PMsg, Years, render, t, tr, trp

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build_locale():
    spec = importlib.util.spec_from_file_location("build_locale", ROOT / "scripts" / "build_locale.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_catalogue_is_complete_and_current(build_locale):
    """Every message id used in the code and the templates has a Persian translation, and the shipped
    .pot, .po and .mo files are what scripts/build_locale.py makes from them."""
    template = build_locale.extract_catalog()
    ids = {(m.context, m.id) for m in template if m.id}
    assert len(ids) > 100  # report, conclusion and chart words are all in the catalogue
    assert ("list separator", ", ") in ids and (None, "Conclusion") in ids and (None, "target") in ids
    for lang in LANGS:
        cat = build_locale.read_catalog(lang)
        have = {(m.context, m.id): m.string for m in cat if m.id}
        assert set(have) == ids, lang
        assert all(have.values()), [k for k, v in have.items() if not v]
    assert build_locale.build(check=True) == []


def test_check_finds_a_missing_translation_and_a_stale_mo(build_locale, tmp_path, monkeypatch):
    loc = tmp_path / "locale"
    shutil.copytree(build_locale.LOCALE, loc)
    monkeypatch.setattr(build_locale, "LOCALE", loc)
    assert build_locale.build(check=True) == []
    po = loc / "fa" / "LC_MESSAGES" / "threatbalance.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "نتیجه‌گیری"', 'msgstr ""'), encoding="utf-8")
    problems = build_locale.build(check=True)
    assert "fa: no translation of 'Conclusion'" in problems
    assert any("threatbalance.mo is stale" in p for p in problems)


def test_translations_use_only_the_fields_of_their_id(build_locale):
    """A Persian text may drop a field of its English id, never invent one (it would fail at run time)."""
    fields = re.compile(r"\{(\w*)\}")
    for lang in LANGS:
        for m in build_locale.read_catalog(lang):
            if m.id:
                assert set(fields.findall(m.string)) <= set(fields.findall(m.id)), (lang, m.id)


def test_lookup_in_both_languages():
    assert tr("Conclusion", "en") == "Conclusion" and tr("Conclusion", "fa") == "نتیجه‌گیری"
    assert tr("share of {t}", "fa", t="IRN") == "سهم IRN"
    assert trp("missing value", "NA", "fa") == "ناموجود" and trp("missing term", "NA", "fa") == "-"
    assert t("cannot_tell", "en") == "data cannot tell" and t("offense", "fa") == "توان تهاجمی"
    assert t("not a label", "en") == "not a label"


def test_messages_are_language_free_until_rendered():
    m = Cat(
        (
            Msg(
                "In {k} of {n} years ({years}) the threat model names {t} the largest contributor to the "
                "common threat of {a} and {b}",
                k=7,
                n=23,
                years=Years(1991, 2013),
                t=Name(630),
                a=Name(666),
                b=Name(373),
            ),
            Msg(" (median share {share}).", share=Num(0.3712, 1, pct=True)),
        )
    )
    en, fa = render(m, "en"), render(m, "fa")
    assert en.startswith("In 7 of 23 years (1991-2013) the threat model names Iran") and en.endswith(
        "(median share 37.1%)."
    )
    assert "در ۷ سال از ۲۳ سال (۱۹۹۱-۲۰۱۳)" in fa and fa.endswith("(میانه سهم ۳۷٫۱٪).")
    assert not re.search(r"[0-9]", fa)
    assert render(Join((Name(666), Name(373)), "; "), "fa").count("؛ ") == 1
    assert render(Label("hostile"), "fa") == "خصمانه" and render(PMsg("missing term", "NA"), "en") == "NA"


def test_solar_hijri_known_dates():
    import datetime as dt

    from threatbalance.cases._text import date_label, sh_year, solar_hijri, year_label

    known = {
        (2020, 3, 20): (1399, 1, 1),  # Nowruz 1399
        (2021, 3, 20): (1399, 12, 30),  # 1399 is a leap year
        (2021, 3, 21): (1400, 1, 1),
        (2024, 3, 19): (1402, 12, 29),
        (1979, 2, 11): (1357, 11, 22),  # 22 Bahman 1357
        (1997, 8, 29): (1376, 6, 7),
        (2016, 12, 13): (1395, 9, 23),
    }
    for g, j in known.items():
        assert solar_hijri(dt.date(*g)) == j, g
    assert sh_year(2012) == 1391 and year_label(2012, "fa") == "۲۰۱۲ (۱۳۹۱)" and year_label(2012, "en") == "2012"
    assert date_label("2012-02", "fa") == "۲۰۱۲-۰۲ (۱۳۹۰/۱۱)" and date_label("2012-02", "en") == "2012-02"


def test_chart_text_is_shaped_right_to_left():
    from threatbalance.cases._text import shape

    s = shape("تهدید ایران", "fa")
    assert s != "تهدید ایران" and shape("threat", "fa") == "threat" and shape("تهدید", "en") == "تهدید"
    # joined letter forms (Arabic presentation forms), in visual order: the last word's letters come first
    assert any(0xFB50 <= ord(ch) <= 0xFEFF for ch in s)
    # visual order: the first word (تهدید) is drawn at the right end, so it comes last in the string
    assert s.rstrip().endswith(shape("تهدید", "fa"))


def test_charts_take_every_label_from_the_catalogue_and_shape_it():
    """Chart labels go through _t/_v/_n (catalogue + shaping), never a bare English string or unshaped tr()."""
    src = (ROOT / "src" / "threatbalance" / "cases" / "_charts.py").read_text(encoding="utf-8")
    for call in ("set_title(", "set_ylabel(", "set_xlabel("):
        for line in [x for x in src.splitlines() if call in x]:
            assert "_t(" in line or "year_label(" in line, line
    assert not re.search(r'label="[A-Za-z]', src)
