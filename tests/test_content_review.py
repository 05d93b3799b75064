"""What reviewers asked of the content: a question list where the monographs are silent,
'call right away' items a patient can act on, one verb for one fact, the sentences each
language's reviewer flagged, counts in the catalog's plural forms, and a footer date that
says what it is."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from handouts import i18n
from handouts.i18n import Translator
from handouts.model import Patient
from handouts.pipeline import default_content
from handouts.reading.drugs import find_drugs, load_drug

from pdfread import all_text, outline_titles, squash

LOCALES = Path(i18n.__file__).parent / "locales"


def prose(drug: str, lang: str):  # type: ignore[no-untyped-def]
    return load_drug(find_drugs(default_content())[drug], (lang,)).prose[lang]


# ---- English: an action for every worry -------------------------------------------


@pytest.mark.parametrize("drug", ["refametinib", "ralimetinib"])
def test_questions_to_ask_are_printed_with_room_to_write(built, drug: str) -> None:
    from reportlab.platypus import KeepTogether

    from handouts.pdf.assemble import lay_out
    from handouts.pdf.flowables import Rule
    from handouts.pipeline import Options, prepare

    pdf = built(drug)
    text = squash(all_text(pdf))
    assert "Questions to ask your care team" in outline_titles(pdf)
    q = prose(drug, "en").questions
    assert q is not None and "do not answer these questions" in q.intro
    for question in q.items:
        assert squash(question) in text
    # two write-in lines under every question
    part = lay_out(prepare(drug, "en", Options()))
    groups = [f for f in part.story if isinstance(f, KeepTogether)]
    rules = [f for g in groups for f in g._content if isinstance(f, Rule) and f.label is None]
    assert len(rules) >= 2 * (len(q.items) - 1)


def test_questions_cover_only_what_the_monograph_leaves_open() -> None:
    """Refametinib's monograph gives no missed-dose rule: the handout asks instead of
    inventing one. Ralimetinib's gives one: the handout prints it and does not ask."""
    ref, ral = prose("refametinib", "en"), prose("ralimetinib", "en")
    assert ref.dosing.missed_dose is None
    assert any("miss a dose" in q for q in ref.questions.items)
    assert ral.dosing.missed_dose is not None
    assert not any("miss a dose" in q for q in ral.questions.items)
    for p in (ref, ral):
        asked = " ".join(p.questions.items).lower()
        topics = ("throw up", "cycle", "hours apart", "store", "pregnant", "breastfeeding", "supplements")
        assert all(topic in asked for topic in topics), asked
    assert "empty stomach" in " ".join(ref.questions.items)


def test_call_right_away_names_what_to_notice_or_how_it_is_watched() -> None:
    s = prose("refametinib", "en").side_effects.serious
    assert "anything new with your heart" not in s["heart"].text
    assert "ECHO or MUGA" in s["heart"].text and "heart scans" in s["heart"].text
    assert "ALT and AST" in s["liver"].text and "blood test" in s["liver"].text
    ral = prose("ralimetinib", "en").side_effects.serious["liver"].text
    assert "yellow" in ral and "LFTs" in ral


def test_the_same_fact_reads_the_same_everywhere() -> None:
    """The monograph: 'the medical team will pause or lower the dose'."""
    p = prose("ralimetinib", "en")
    side = next(t.text for t in p.dosing.changes if t.title == "Side effects")
    managing = next(t.text for t in p.side_effects.managing if t.title == "Dose changes")
    assert "will pause or lower" in side and "will pause or lower" in managing
    assert "may pause" not in side + managing


# ---- translations flagged by reviewers ----------------------------------------------


def test_korean_names_who_holds_or_lowers_the_dose(built) -> None:
    p = prose("ralimetinib", "ko")
    texts = [p.side_effects.serious["liver"].text, *(t.text for t in p.dosing.changes)]
    for text in texts:
        for sentence in re.split(r"(?<=[.?!])\s+", text):
            if re.search(r"멈[추춥출]|줄[이입일]", sentence) and "이 약은" not in sentence:
                assert "의료진이" in sentence or "의사가" in sentence, sentence
    printed = squash(all_text(built("ralimetinib", "ko")))
    assert "약을 잠시 멈출 수도 있습니다" not in printed
    assert squash("수치가 오르면 의료진이 약을 잠시 멈춥니다") in printed


def test_arabic_missed_dose_is_the_next_dose_time_not_an_appointment() -> None:
    p = prose("ralimetinib", "ar")
    for text in (p.dosing.missed_dose or "", p.donts[1]):
        assert "موعد" not in text  # an appointment: a patient could wait for the next visit
        assert "وقت الجرعة المعتاد التالي" in text


def test_arabic_liver_enzymes_are_the_subject_outside_brackets() -> None:
    liver = prose("refametinib", "ar").dosing.changes[0].text
    outside = re.sub(r"\([^)]*\)", "", liver)
    assert "إذا ارتفعت إنزيمات الكبد" in outside


MASCULINE = re.compile(
    r"(^|[\s\"*])(تناول دواءك|اتصل|اسأل|أخبر|ضع|أحضر|سجل مستوى|احتفظ|اغسل|ابتعد|انتظر|تخطها|استعمل|البس|"
    r"تحدث دائما|ابلعه|لا تتناول|لا تفوت|قبل أن تبدأ|لا ترغب|قد تصاب|لا تعرف)(\s|$)"
)


def test_arabic_addresses_the_reader_neutrally() -> None:
    """docs/translating.md: Arabic instructions use يرجى and verbal nouns, not the
    masculine imperative: all of ralimetinib (read mostly by women), and every new
    sentence of refametinib."""
    for text in _texts(prose("ralimetinib", "ar")):
        assert not MASCULINE.search(text), text
    p = prose("refametinib", "ar")
    assert p.questions is not None
    serious = p.side_effects.serious
    for text in (p.questions.intro, serious["heart"].text, serious["liver"].text):
        assert "يرجى" in text and not MASCULINE.search(text), text


def test_russian_reads_as_russian(built) -> None:
    for drug in ("refametinib", "ralimetinib"):
        p = prose(drug, "ru")
        text = " ".join(_texts(p))
        assert not re.search(r"медицинск\w* команд", text, re.I)
        assert not re.search(r"\b(paclitaxel|sorafenib|Refametinib|Ralimetinib|mesylate)\b", text)
        assert not re.search(r"\b(ALT|AST|ECHO|CBC|CT|MRI|LFTs?)\b", text), "Russian abbreviations"
    joined = " ".join(_texts(prose("refametinib", "ru")) + _texts(prose("ralimetinib", "ru")))
    for term in ("АЛТ и АСТ", "ЭхоКГ", "ОАК", "КТ или МРТ", "паклитаксел", "сорафениб"):  # noqa: RUF001
        assert term in joined
    po = (LOCALES / "ru" / "LC_MESSAGES" / "handouts.po").read_text(encoding="utf-8")
    assert "команд" not in po
    printed = squash(all_text(built("refametinib", "ru")))
    assert "Рефаметиниб (Refametinib)" in printed


def test_terminology_notes(built) -> None:
    es = " ".join(_texts(prose("refametinib", "es")) + _texts(prose("ralimetinib", "es")))
    assert "ecocardiograma" in es and "TC o RM" in es and "ECHO" not in es
    vi = " ".join(_texts(prose("refametinib", "vi")) + _texts(prose("ralimetinib", "vi")))
    assert "Siêu âm tim" in vi and "Chụp kiểm tra tim" not in vi
    assert not re.search(r"\b(nôn|ngừng)\b", vi), "Southern vocabulary: ói, ngưng"
    fil = (LOCALES / "fil" / "LC_MESSAGES" / "handouts.po").read_text(encoding="utf-8")
    assert 'msgstr "Pangunahing numero: **{phone}**"' in fil
    assert "Pangunahing numero" in all_text(built("refametinib", "tl"))
    assert "结合" in prose("refametinib", "zh-Hans").how_it_works[0]
    assert "结合" in prose("ralimetinib", "zh-Hans").how_it_works[0]


def test_chinese_calendar_days_read_month_then_day(built) -> None:
    pdf = built("refametinib", "zh-Hans", calendar=True, patient=Patient(start=dt.date(2026, 12, 7)))
    text = all_text(pdf)
    assert "12月7日周一" in text  # month, day, weekday; not "周一 7 12月"
    assert Translator(i18n.language("zh-Hans")).day(dt.date(2026, 12, 7)) == "12月7日周一"
    assert Translator(i18n.language("en")).day(dt.date(2026, 12, 7)) == "Mon, Dec 7"


def test_twice_a_day_is_drawn_as_morning_and_evening(built) -> None:
    text = squash(all_text(built("refametinib")))
    assert "Twice a day Morning Evening" in text
    ar = all_text(built("ralimetinib", "ar"))
    assert "الصباح" in ar and "المساء" in ar


def test_drug_name_in_the_language_keeps_the_international_name(built) -> None:
    assert "레파메티닙 (Refametinib)" in squash(all_text(built("refametinib", "ko")))
    assert prose("refametinib", "en").names.drug is None  # English prints the facts' name


# ---- counts in the catalog's plural forms ------------------------------------------


@pytest.mark.parametrize(
    ("lang", "n", "want"),
    [
        ("ru", 3, "3 раза в день"),
        ("ru", 5, "5 раз в день"),
        ("pl", 3, "3 razy dziennie"),
        ("ar", 3, "3 مرات في اليوم"),
        ("en", 3, "3 times a day"),
    ],
)
def test_times_a_day_in_plural_forms(lang: str, n: int, want: str) -> None:
    assert Translator(i18n.language(lang)).times_per_day(n) == want


def test_days_agree_with_the_number() -> None:
    ru = Translator(i18n.language("ru"))
    assert [plain(ru.one(d, "day")) for d in (21, 22, 28)] == ["21 день", "22 дня", "28 дней"]
    assert ru.cycles([21, 28]) == "Цикл часто длится 21 или 28 дней"
    assert ru.cycles([21, 22]) == "Цикл часто длится 21 или 22 дня"
    ar = Translator(i18n.language("ar"))  # the formula's fifth form is 100-102, the sixth 11-99
    assert ar.cycles([21, 28]) == "غالبا 21 أو 28 يوما لكل دورة"
    assert ar.cycles([5, 7]) == "غالبا 5 أو 7 أيام لكل دورة"
    en = Translator(i18n.language("en"))
    assert plain(en.one(1, "day")) == "1 day" and plain(en.one(2, "day")) == "2 days"


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


def test_every_catalog_fills_every_plural_form() -> None:
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/handouts.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        plurals = [m for m in catalog if m.id and m.pluralizable]
        assert len(plurals) >= 2, po  # times a day, days per cycle
        for m in plurals:
            forms = m.string
            assert isinstance(forms, tuple) and len(forms) == catalog.num_plurals, (po, m.id)
            assert all(forms), (po, m.id)
            assert not any("(а)" in f or "(s)" in f for f in forms), (po, m.id)  # noqa: RUF001


# ---- the footer's date ---------------------------------------------------------------


def test_footer_date_says_it_is_the_english_originals(built) -> None:
    text = squash(all_text(built("refametinib", "es")))
    assert "Fecha del original en inglés: 15 de enero de 2026" in text
    assert "Revisado" not in text
    assert "Translation not yet reviewed" in text


def _texts(p) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []

    def walk(x) -> None:  # type: ignore[no-untyped-def]
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, (tuple, list)):
            for i in x:
                walk(i)
        elif isinstance(x, dict):
            for i in x.values():
                walk(i)
        elif hasattr(x, "__dataclass_fields__"):
            for name in x.__dataclass_fields__:
                if name not in ("translated_from", "review", "language"):
                    walk(getattr(x, name))

    walk(p)
    return out


# ---- second wave, back-translated from the printed PDF: Chinese, Korean, Arabic ------

# Masculine second-person forms the first Arabic drafts used, beyond MASCULINE above:
# imperatives, and verbs in the second person masculine ("you take it", "you start").
MASCULINE_MORE = re.compile(
    r"(^|[\s\"*(])(تناول حبوبك|احرص|اطلب|اشرب|لا تستعمل|تتناولها|تتناوله|فإنك تتناول|تشارك فيها|"
    r"قبل أن تشعر|قد تحصل|إذا رأيت|لاحظت|لا يشعر)([\s.،]|$)"
)


def test_arabic_masculine_list_matches_the_old_wording() -> None:
    """The two lists catch what the refametinib draft said before it was rewritten."""
    old = [
        "تناول حبوبك **مرتين في اليوم**، في الأوقات نفسها كل يوم.",
        "**اتصل بفريقك الطبي على الفور** إذا رأيت ومضات من الضوء",
        "إذا كانت لديك مشكلات خفيفة في الكلى، فإنك تتناول عادة الجرعة",
        "قد يضعف هذا الدواء قدرة القلب على ضخ الدم. وقد لا يشعر بذلك.",
        "قرص أو كبسولة تتناولها عن طريق الفم",
    ]
    for text in old:
        assert MASCULINE.search(text) or MASCULINE_MORE.search(text), text


@pytest.mark.parametrize("drug", ["refametinib", "ralimetinib"])
def test_arabic_prose_has_no_masculine_address(built, drug: str) -> None:
    """docs/translating.md: every Arabic sentence, refametinib's older ones included, uses
    يرجى with a verbal noun, the body as الجسم, and no masculine imperative."""
    for text in _texts(prose(drug, "ar")):
        assert not MASCULINE.search(text), text
        assert not MASCULINE_MORE.search(text), text
    printed = squash(all_text(built(drug, "ar")))
    assert "يرجى الاتصال بالفريق الطبي على الفور" in printed  # the red box's title
    assert "اتصل بفريقك الطبي على الفور" not in printed
    for heading in ("قبل بدء العلاج", "ما قد يظهر", "ما يجب فعله"):
        assert heading in printed, heading
    for old in ("قبل أن تبدأ", "ما قد تلاحظه", "ماذا تفعل"):
        assert old not in printed, old


def test_arabic_catalog_addresses_the_reader_neutrally() -> None:
    with (LOCALES / "ar" / "LC_MESSAGES" / "handouts.po").open("rb") as f:
        catalog = read_po(f)
    imperative = re.compile(
        r"(^|\s)(اتصل|ضع|أحضر|امسح|افعل|لا تفعل|ماذا تفعل|ما قد تلاحظه|قبل أن تبدأ)(\s|$|[.:])"
    )
    for message in catalog:
        if message.id and isinstance(message.string, str):
            assert not imperative.search(message.string), (message.id, message.string)


def test_arabic_you_may_not_feel_this_has_no_he() -> None:
    """'وقد لا يشعر بذلك' reads 'and he may not feel it', with no one for 'he' to be."""
    serious = prose("refametinib", "ar").side_effects.serious
    for key in ("heart", "liver"):
        assert "لا يشعر" not in serious[key].text
        assert "وقد لا يمكن الشعور بذلك" in serious[key].text


def test_arabic_results_cannot_tell_how_it_works_for_you(built) -> None:
    """'في كل حالة' (in every case) read as 'not for everyone'; the English says 'for you'."""
    for drug in ("refametinib", "ralimetinib"):
        note = prose(drug, "ar").results.note
        assert "في كل حالة" not in note
        assert "كيف سيعمل الدواء في حالتك" in squash(all_text(built(drug, "ar")))


def test_cycle_length_says_often_not_usually(built) -> None:
    """'Often 21 or 28 days per cycle': 通常 and 보통 read 'usually'."""
    zh = Translator(i18n.language("zh-Hans")).cycles([21, 28])
    ko = Translator(i18n.language("ko")).cycles([21, 28])
    assert zh == "每个周期常为21或28天" and "通常" not in zh
    assert ko == "한 주기는 흔히 21 또는 28일" and "보통" not in ko
    assert zh in re.sub(r"\s", "", all_text(built("refametinib", "zh-Hans")))
    assert ko in squash(all_text(built("ralimetinib", "ko")))


def test_korean_prose_names_the_drug_in_korean() -> None:
    for drug, latin in (("refametinib", "refametinib"), ("ralimetinib", "ralimetinib")):
        for text in _texts(prose(drug, "ko")):
            assert latin not in text.lower(), text


def test_korean_care_team_holds_or_lowers_the_dose_in_both_handouts(built) -> None:
    """Every printed sentence that pauses, stops or lowers the dose says who does it."""
    acts_on_dose = re.compile(r"(약을|용량을)( 잠시| 며칠 동안)? (멈[추춥출]|줄[이입일]|바[꾸꿀꿉])")
    assert acts_on_dose.search("약을 잠시 멈출 수도 있습니다.")  # the flagged, subjectless form
    checked = 0
    for drug in ("refametinib", "ralimetinib"):
        printed = squash(all_text(built(drug, "ko")))
        for sentence in re.split(r"(?<=[.?!])\s+", printed):
            if acts_on_dose.search(sentence):
                assert "의료진이" in sentence or "의사가" in sentence, sentence
                checked += 1
    assert checked >= 7  # refametinib 3, ralimetinib 4 (the dose-change intro of each included)


def test_chinese_results_suggest_not_show(built) -> None:
    """'Research suggests the drug may add time': 研究表明 reads 'research shows'."""
    printed = all_text(built("ralimetinib", "zh-Hans"))
    assert "研究表明" not in printed and "研究提示" in printed


# ---- second wave, back-translated from the printed PDF: Spanish, Vietnamese, Tagalog, Russian


def test_spanish_liver_hold_names_the_enzymes_not_the_tests(built) -> None:
    """'Los análisis ... lo revisan. Si suben, ...' read as 'if the tests go up'."""
    printed = squash(all_text(built("ralimetinib", "es")))
    assert squash("Si las enzimas del hígado suben, su equipo de atención médica suspenderá") in printed
    assert "Si suben," not in printed


def test_tagalog_dose_changes_when_side_effects_become_severe(built) -> None:
    """'lumala' is 'get worse' (the handout's word for the cancer growing); the threshold
    is 'become severe', 'lumubha', as the managing item and refametinib say it."""
    p = prose("ralimetinib", "tl")
    side = next(t.text for t in p.dosing.changes if t.title == "Mga side effect")
    assert side == p.side_effects.managing[1].text
    printed = squash(all_text(built("ralimetinib", "tl")))
    assert "lumala ang side effects" not in printed
    assert squash("Kung lumubha ang mga side effect, ihihinto muna o bababaan ng iyong care team") in printed
    # the hold follows the liver enzymes, named, not 'these' after the blood test
    hold = "Kapag tumaas ang liver enzymes, ihihinto muna ng iyong care team ang iyong dosis."
    assert squash(hold) in printed
    assert "Kapag tumaas ang mga ito" not in printed


def test_tagalog_says_dosis_throughout() -> None:
    for drug in ("refametinib", "ralimetinib"):
        text = " ".join(_texts(prose(drug, "tl")))
        assert "dosis" in text and not re.search(r"\bdose\b", text), drug


def test_tagalog_cycles_are_often_not_usually(built) -> None:
    """'Kadalasan' is the handout's 'usually' (usually on an empty stomach, usually mild);
    the monograph says cycles are 'often' 21 or 28 days."""
    printed = squash(all_text(built("refametinib", "tl")))
    assert "Madalas na 21 o 28 araw ang bawat cycle" in printed
    assert "Kadalasang 21" not in printed


# ---- sentences changed after the second PEMAT-P rating ------------------------------
# docs/pemat-p.md, "Second rater"; the new sentences and their back-translations from
# the printed PDFs are in docs/back-translation.md.

LANGUAGES = (
    "en", "es", "zh-Hans", "zh-Hant", "vi", "ko", "ru", "tl", "ar",
    "pt", "fr", "ht", "pl", "ja", "hy", "hi", "pa", "fa",
)  # fmt: skip


def bare(text: str) -> str:
    """Text as compared with a PDF's: no bold marks, no spaces (a CJK line break reads
    back as one) and no zero-width non-joiner (PDFium drops the Persian one)."""
    return re.sub(r"[\s\u200c]+", "", text.replace("**", ""))


PINNED = yaml.safe_load((Path(__file__).parent / "second_rating.yaml").read_text(encoding="utf-8"))
OLD_MISSED_DOSE: dict[str, str] = PINNED["old_missed_dose"]
NEW_QUESTIONS_INTRO: dict[str, str] = PINNED["new_questions_intro"]


def test_missed_dose_no_longer_says_skip_it_beside_do_not_skip_doses(built) -> None:
    """The monograph: "Don't skip doses; if you miss a dose, wait until the next scheduled
    time - do not take two doses at once"."""
    en = prose("ralimetinib", "en")
    assert en.dosing.missed_dose is not None
    assert "skip" not in en.dosing.missed_dose.lower()
    assert "wait until your next usual time" in en.dosing.missed_dose
    assert "Do not skip doses" in en.donts[1]
    assert "skip it" not in all_text(built("ralimetinib")).lower()
    assert set(OLD_MISSED_DOSE) == set(LANGUAGES) - {"en"}


@pytest.mark.parametrize("lang", sorted(OLD_MISSED_DOSE))
def test_missed_dose_printed_is_the_new_translation(built, lang: str) -> None:
    missed = prose("ralimetinib", lang).dosing.missed_dose
    assert missed is not None and missed != OLD_MISSED_DOSE[lang]
    printed = bare(all_text(built("ralimetinib", lang)))
    assert bare(missed) in printed
    assert bare(OLD_MISSED_DOSE[lang]) not in printed


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("drug", ["refametinib", "ralimetinib"])
def test_questions_intro_in_plain_words_is_printed(built, drug: str, lang: str) -> None:
    q = prose(drug, lang).questions
    assert q is not None and q.intro == NEW_QUESTIONS_INTRO[lang]
    assert bare(NEW_QUESTIONS_INTRO[lang]) in bare(all_text(built(drug, lang)))


def test_tumor_shrinkage_is_a_share_of_size_and_solid_tumors_are_explained(built) -> None:
    """Beside "about 40% to 50% of people", the 30% is the tumors' size (monograph:
    "tumors shrank by more than 30%"); "solid tumors" is said in plain words."""
    p = prose("ralimetinib", "en")
    assert p.results.items[1] == "In some people, tumors shrank by more than {shrink} of their size."
    assert "solid tumors" in p.studied_for.items[3]
    assert "A solid tumor is a cancer that forms a lump or mass." in p.studied_for.items[3]
    printed = all_text(built("ralimetinib"))
    assert "tumors shrank by more than 30% of their size" in printed
    assert "A solid tumor is a cancer that forms a lump or mass." in printed
