"""Words of the report in English and Persian: labels, templates, number and name formatting."""

from __future__ import annotations

import math
from typing import Any

from .._errors import InputError
from ..states import state_name

LANGS = ("en", "fa")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_FA_NUMBER = str.maketrans("0123456789.,%", "۰۱۲۳۴۵۶۷۸۹٫٬٪")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return lang


def digits(text: Any, lang: str) -> str:
    """Latin digits to Persian ones when ``lang == "fa"`` (punctuation is left alone)."""
    s = str(text)
    return s.translate(_FA_DIGITS) if lang == "fa" else s


def _number(text: str, lang: str) -> str:
    """A formatted number in ``lang``: Persian digits, decimal and thousands separators and percent sign."""
    return text.translate(_FA_NUMBER) if lang == "fa" else text


def num(x: Any, lang: str = "en", nd: int = 2, pct: bool = False, na: str | None = None) -> str:
    """Format a number (``NA`` / «ناموجود» for missing), as a percentage when ``pct``."""
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return na if na is not None else ("NA" if lang == "en" else "ناموجود")
    if pct:
        s = f"{100 * float(x):.{nd}f}%"
    elif isinstance(x, (int,)) or (isinstance(x, float) and float(x).is_integer() and abs(x) >= 100):
        s = f"{int(round(float(x))):,}"
    else:
        s = f"{float(x):,.{nd}f}"
    return _number(s, lang)


def name(code: Any, lang: str = "en") -> str:
    if code is None:
        return "NA" if lang == "en" else "ناموجود"
    try:
        return state_name(int(code), lang=lang)
    except Exception:  # a code missing from the crosswalk
        return str(code)


def years_text(a: int, b: int, lang: str) -> str:
    return digits(f"{a}-{b}" if a != b else f"{a}", lang)


# ---- fixed labels -------------------------------------------------------------------------------
L: dict[str, dict[str, str]] = {
    "report": {"en": "Case report", "fa": "گزارش مورد"},
    "question": {"en": "The question", "fa": "پرسش"},
    "theory": {"en": "The theory", "fa": "نظریه"},
    "states": {"en": "States in the case", "fa": "کشورهای این مورد"},
    "pair": {"en": "focal pair", "fa": "زوج اصلی"},
    "threatener": {"en": "named common threat", "fa": "تهدید مشترک نام‌برده"},
    "code": {"en": "COW code", "fa": "کد COW"},
    "abb": {"en": "abbreviation", "fa": "اختصار"},
    "name": {"en": "name", "fa": "نام"},
    "role": {"en": "role", "fa": "نقش"},
    "sec_threat": {"en": "Threat, year by year", "fa": "تهدید، سال به سال"},
    "sec_common": {"en": "Common threat and predicted partners", "fa": "تهدید مشترک و شریکان پیش‌بینی‌شده"},
    "sec_heat": {"en": "Threat among the case states", "fa": "تهدید میان کشورهای این مورد"},
    "sec_behaviour": {"en": "Alignment behaviour beside the prediction", "fa": "رفتار همسویی در کنار پیش‌بینی"},
    "sec_ledger": {"en": "Evidence ledger", "fa": "دفتر شواهد"},
    "sec_claims": {"en": "Where data and article agree", "fa": "همخوانی داده‌ها و مقاله"},
    "sec_conclusion": {"en": "Conclusion", "fa": "نتیجه‌گیری"},
    "sec_method": {"en": "Method, sources and notes", "fa": "روش، منابع و یادداشت‌ها"},
    "year": {"en": "year", "fa": "سال"},
    "threat": {"en": "threat", "fa": "تهدید"},
    "power": {"en": "power", "fa": "قدرت"},
    "proximity": {"en": "proximity", "fa": "نزدیکی"},
    "offense": {"en": "offense", "fa": "توان تهاجمی"},
    "intent": {"en": "intent", "fa": "نیت"},
    "rank": {"en": "rank", "fa": "رتبه"},
    "common_threat": {"en": "common threat", "fa": "تهدید مشترک"},
    "common_enemy": {"en": "common enemy", "fa": "دشمن مشترک"},
    "enemy_share": {"en": "its share", "fa": "سهم آن"},
    "score": {"en": "score", "fa": "امتیاز"},
    "id": {"en": "id", "fa": "شناسه"},
    "sipri_tiv": {"en": "SIPRI TIV", "fa": "تسلیحات SIPRI (TIV)"},
    "rules_title": {"en": "rules", "fa": "قاعده‌ها"},
    "rule_test": {"en": "test", "fa": "آزمون"},
    "bibtex": {"en": "BibTeX", "fa": "منابع داده (BibTeX)"},
    "source_year": {"en": "year of the cited source", "fa": "سال منبع"},
    "ct_rank_all": {"en": "rank among all pairs (percentile)", "fa": "رتبه میان همه زوج‌ها (صدک)"},
    "threatener_share": {"en": "share of {t}", "fa": "سهم {t}"},
    "rank_b_in_a": {"en": "{b} among {a}'s partners", "fa": "رتبه {b} میان شریکان {a}"},
    "rank_a_in_b": {"en": "{a} among {b}'s partners", "fa": "رتبه {a} میان شریکان {b}"},
    "atop": {"en": "ATOP alliance", "fa": "اتحاد (ATOP)"},
    "tiv": {"en": "SIPRI arms {a}→{b} (TIV m)", "fa": "تسلیحات SIPRI از {a} به {b} (میلیون TIV)"},
    "trade": {"en": "COW trade (US$ m)", "fa": "تجارت COW (میلیون دلار)"},
    "unagree": {"en": "UN vote agreement", "fa": "همرأیی در سازمان ملل"},
    "date": {"en": "date", "fa": "تاریخ"},
    "actors": {"en": "actors", "fa": "بازیگران"},
    "direction": {"en": "direction", "fa": "جهت"},
    "dimension": {"en": "dimension", "fa": "بعد"},
    "domain": {"en": "dimension", "fa": "بعد"},
    "term": {"en": "threat term", "fa": "جزء تهدید"},
    "weight": {"en": "weight", "fa": "وزن"},
    "other": {"en": "other", "fa": "دیگر"},
    "summary": {"en": "summary", "fa": "خلاصه"},
    "citation": {"en": "article's source", "fa": "منبع مقاله"},
    "claim": {"en": "claim of the article", "fa": "ادعای مقاله"},
    "data_say": {"en": "what the data say", "fa": "داده‌ها چه می‌گویند"},
    "verdict": {"en": "verdict", "fa": "داوری"},
    "rule": {"en": "rule", "fa": "قاعده"},
    "evidence": {"en": "ledger", "fa": "شواهد"},
    "yes": {"en": "yes", "fa": "بله"},
    "no": {"en": "no", "fa": "خیر"},
    "of": {"en": "of", "fa": "از"},
    "charts_note": {"en": "Chart labels are in English.", "fa": "برچسب نمودارها به انگلیسی است."},
    "summaries_note": {"en": "", "fa": "خلاصه‌ها به انگلیسی و به قلم سازندگان دفتر شواهد است."},
    "generated": {
        "en": "Generated by threatbalance {v} from its shipped data; every number comes from the public API.",
        "fa": "ساخته‌شده با threatbalance {v} از داده‌های همراه آن؛ همه اعداد از رابط عمومی می‌آیند.",
    },
    "no_ledger": {
        "en": "This report has no evidence ledger (pass --ledger FILE to add one).",
        "fa": "این گزارش دفتر شواهد ندارد (با ‎--ledger FILE می‌توان افزود).",
    },
    "no_claims": {
        "en": "This report has no claims to check (a shipped case or --claims FILE adds them).",
        "fa": "این گزارش ادعایی برای سنجش ندارد.",
    },
    "hostile": {"en": "hostile", "fa": "خصمانه"},
    "cooperative": {"en": "cooperative", "fa": "همکارانه"},
    "diplomatic": {"en": "diplomatic", "fa": "دیپلماتیک"},
    "economic": {"en": "economic", "fa": "اقتصادی"},
    "energy": {"en": "energy", "fa": "انرژی"},
    "military-security": {"en": "military-security", "fa": "نظامی-امنیتی"},
    "threat perception": {"en": "threat perception", "fa": "ادراک تهدید"},
    "supported": {"en": "supported", "fa": "تأیید می‌شود"},
    "not_supported": {"en": "not supported", "fa": "تأیید نمی‌شود"},
    "cannot_tell": {"en": "data cannot tell", "fa": "داده‌ها نمی‌توانند داوری کنند"},
    "caveat": {"en": "Possible reason", "fa": "دلیل احتمالی"},
    "threat_intro": {
        "en": "Threat that {t} poses to {a} and to {b} (0-1), with its four sources: each term is that source's "
        "contribution to the model's log-odds of threat; rank = {t}'s place among all states threatening the "
        "target that year.",
        "fa": "تهدیدی که {t} برای {a} و {b} ایجاد می‌کند (۰ تا ۱) با چهار منبع آن: هر جزء سهم آن منبع در "
        "لگاریتم بخت تهدید در مدل است؛ رتبه = جایگاه {t} میان همه دولت‌هایی که در آن سال آماج را تهدید می‌کنند.",
    },
    "common_intro": {
        "en": "Common threat of {a} and {b}: the sum over third states of the geometric mean of the threats each "
        "poses to the two; the common enemy is the largest contributor. Ranks are among all states of the "
        "system that year (1 = the strongest predicted partner). The rank among all pairs places the pair's "
        "common threat among those of every pair of states that year (1 = highest; percentile = share of "
        "pairs whose common threat is not above the pair's).",
        "fa": "تهدید مشترک {a} و {b}: جمع میانگین هندسی تهدیدی که هر کشور ثالث برای آن دو ایجاد می‌کند؛ دشمن "
        "مشترک بزرگ‌ترین سهم را دارد. رتبه‌ها میان همه کشورهای نظام بین‌الملل در آن سال است (۱ = قوی‌ترین "
        "شریک پیش‌بینی‌شده). رتبه میان همه زوج‌ها جایگاه تهدید مشترک این زوج را میان همه زوج‌کشورهای آن سال "
        "نشان می‌دهد (۱ = بیشترین؛ صدک = سهم زوج‌هایی که تهدید مشترکشان بیشتر نیست).",
    },
    "heat_intro": {"en": "Row = source of threat, column = target.", "fa": "سطر = منبع تهدید، ستون = آماج."},
    "behaviour_intro": {
        "en": "What the two states did, from the shipped data: formal alliance (ATOP v5.1), arms transfers (SIPRI "
        "trend-indicator values), trade (COW v4.0, current US$ m) and UN General Assembly vote agreement. "
        "Ledger events are marked on the time axis.",
        "fa": "آنچه دو کشور انجام دادند، از داده‌های همراه: اتحاد رسمی (ATOP)، انتقال تسلیحات (SIPRI)، "
        "تجارت (COW، میلیون دلار جاری) و همرأیی در مجمع عمومی سازمان ملل. رویدادهای دفتر شواهد بر محور زمان نشان "
        "داده شده‌اند.",
    },
    "ledger_intro": {
        "en": "The article's dated facts as data ({n} events, file {f}). In a hostile row the source threatens, or is "
        "perceived to threaten, the target.",
        "fa": "واقعیت‌های تاریخ‌دار مقاله به صورت داده ({n} رویداد، پرونده {f}). در سطر خصمانه، منبع آماج را تهدید "
        "می‌کند یا تهدیدکننده دانسته می‌شود.",
    },
    "claims_intro": {
        "en": "Each claim is checked by a documented rule (docs/case.md) applied to the shipped data; nothing in "
        "the verdict column is typed in.",
        "fa": "هر ادعا با قاعده‌ای مستند (docs/case.md) بر داده‌های همراه سنجیده می‌شود؛ هیچ داوری‌ای دستی نوشته نشده است.",
    },
}


def t(key: str, lang: str, **kw: Any) -> str:
    """A label or template in ``lang`` (names and numbers in ``kw`` must already be formatted)."""
    s = L[key][lang] if key in L else key
    return s.format(**kw) if kw else s
