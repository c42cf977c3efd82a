"""Cleaning rules, on the real seeds and on invented texts exercising each rule alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

import tests.seeds as seeds
from scraper import language
from scraper.clean import (
    Cleaned,
    clean_text,
    is_prose,
    join_continuations,
    normalize_line,
)
from scraper.language import (
    LanguageMemo,
    detect_language,
    detect_with_probability,
    foreign_language,
    is_french,
    leading_language,
    plainly_in,
)
from scraper.pdf import reflow
from tests.seeds import CASES, SeedCase, body_lines, seed_text

# Invented French article paragraphs, reused to build noisy documents.
P1 = (
    "Le centre hospitalier de Brévent a signalé lundi une intrusion dans son réseau "
    "informatique. Les données administratives de plusieurs milliers de patients ont pu être "
    "consultées, selon la direction."
)
P2 = (
    "L’établissement a porté plainte et prévenu la Commission nationale de l’informatique et "
    "des libertés. Les patients concernés seront informés par courrier dans les prochains jours."
)
P3 = (
    "Les consultations sont maintenues, mais certains rendez-vous pourraient être décalés le "
    "temps de rétablir les logiciels de planification, a précisé un porte-parole."
)
SUBHEADING = "Une enquête confiée à la gendarmerie"
TITLE = "Cyberattaque à l'hôpital de Brévent : des données de patients consultées"
# A reader-account prompt as printed under articles (invented newspaper name).
PROMPT_FR = (
    "Vous pouvez lire L’Écho du soir sur un seul appareil à la fois. Les contributions sont "
    "réservées aux abonnés : connectez-vous ou abonnez-vous pour participer au débat."
)


def lines(*parts: str) -> str:
    return "\n".join(parts)


# --- the seeds ---------------------------------------------------------------------------------


def cleaned_seed(case: SeedCase) -> tuple[str, Cleaned]:
    raw = seed_text(case.prefix)
    first, _, rest = raw.partition("\n")
    assert first == case.title
    return raw, clean_text(rest, title=first)


@pytest.mark.seeds
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.prefix)
def test_seed_keeps_required_passages(case: SeedCase) -> None:
    _, cleaned = cleaned_seed(case)
    for passage in case.must:
        assert passage in cleaned.text, passage


@pytest.mark.seeds
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.prefix)
def test_seed_drops_boilerplate(case: SeedCase) -> None:
    _, cleaned = cleaned_seed(case)
    for noise in case.must_not:
        assert noise not in cleaned.text, noise
    assert case.title not in cleaned.text  # the repeated title goes


@pytest.mark.seeds
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.prefix)
def test_seed_body_stays_whole(case: SeedCase) -> None:
    raw, cleaned = cleaned_seed(case)
    paragraphs = cleaned.text.split("\n\n")
    for line in body_lines(case, raw):
        assert normalize_line(line) in paragraphs, line


@pytest.mark.seeds
def test_seed_000_every_video_title_goes() -> None:
    raw = seed_text("000")
    seed_lines = [line.strip() for line in raw.splitlines()]
    start, end = seed_lines.index("À regarder"), seed_lines.index("Commentaires")
    titles = [line for line in seed_lines[start + 1 : end] if line != "-"]
    assert len(titles) >= 25
    text = clean_text(raw.partition("\n")[2]).text
    for title in titles:
        assert title not in text, title


@pytest.mark.seeds
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.prefix)
def test_seed_cleaning_is_deterministic(case: SeedCase) -> None:
    _, first = cleaned_seed(case)
    _, second = cleaned_seed(case)
    assert first == second
    assert len(first.removed) == len(first.reasons)


@pytest.mark.seeds
def test_seed_004_tail_goes_without_its_bullets() -> None:
    """The Spanish tail goes by the tail rule alone, not because of its bullet lines."""
    raw = seed_text("004")
    without_bullets = "\n".join(line for line in raw.splitlines() if "•" not in line)
    text = clean_text(without_bullets).text
    assert "Recomendar" not in text and "comentario" not in text
    assert text.endswith("comme d’autres entreprises ou organismes.")


@pytest.mark.seeds
def test_seed_000_footer_goes_without_the_video_list() -> None:
    raw = seed_text("000")
    head, _, tail = raw.partition("À regarder")
    footer = tail[tail.index("Commentaires") :]
    text = clean_text(head + footer).text
    assert "Connectez-vous" not in text and "Se connecter" not in text
    assert "Commentaires" not in text
    assert text.endswith("les services numériques de santé.")


@pytest.mark.seeds
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.prefix)
def test_seed_with_a_badge_and_an_account_prompt(case: SeedCase) -> None:
    """Around a real body, a badge above the headline and a final prompt go; nothing else."""
    raw, plain = cleaned_seed(case)
    first, _, rest = raw.partition("\n")
    cleaned = clean_text(f"🔴 ALERTE\n{first}\n{rest}\n{PROMPT_FR}", title=first)
    assert cleaned.text == plain.text
    assert cleaned.removed[0] == "🔴 ALERTE" and cleaned.reasons[0] == "badge"
    assert "account" in cleaned.reasons
    assert "badge" not in plain.reasons and "account" not in plain.reasons


def test_missing_seeds_skip_or_fail_under_require_all(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(seeds, "SEEDS_DIR", tmp_path / "absent")
    monkeypatch.delenv("VIGIE_REQUIRE_ALL", raising=False)
    with pytest.raises(pytest.skip.Exception):
        seed_text("000")
    monkeypatch.setenv("VIGIE_REQUIRE_ALL", "1")
    with pytest.raises(pytest.fail.Exception):
        seed_text("000")


# --- rules, one at a time ----------------------------------------------------------------------


def test_link_list_with_separators_goes_subheading_stays() -> None:
    related = ["Vidéos", "-", "Un festival de jazz", "-", "Le prix du pain", "-", "Météo du jour"]
    text = clean_text(lines(P1, SUBHEADING, P2, *related, P3)).text
    assert text == "\n\n".join([P1, SUBHEADING, P2, P3])


def test_four_short_lines_go_even_without_separators() -> None:
    related = ["Un festival de jazz en plein air", "Le prix du pain augmente", "Météo", "Sport"]
    cleaned = clean_text(lines(P1, *related, P2))
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert cleaned.reasons == ("run",) * 4


def test_two_short_lines_between_paragraphs_stay() -> None:
    text = clean_text(lines(P1, SUBHEADING, "Des rendez-vous décalés", P2)).text
    assert SUBHEADING in text and "Des rendez-vous décalés" in text


def test_list_introduced_by_colon_stays_even_at_the_end() -> None:
    intro = "Selon la direction, les informations suivantes ont été consultées :"
    items = ["- nom et prénom ;", "- date de naissance ;", "- adresse postale ;", "- téléphone."]
    text = clean_text(lines(P1, intro, *items)).text
    for item in items:
        assert f"\n\n{item}" in text


@pytest.mark.parametrize(
    "widget",
    [
        ["Commentaires", "Connectez-vous pour réagir à cet article.", "Se connecter"],
        ["Share this article", "Sign in to comment"],
        ["Compartir", "No hay comentarios todavía", "Deja tu comentario"],
        ["Partager sur Facebook", "Partager sur LinkedIn"],
        ["Lire aussi : Hôpital de Brévent, les urgences saturées tout le week-end"],
        ["> A lire aussi : Cybercriminalité : ce que vous pouvez faire si votre carte a été volée"],
    ],
    ids=["fr-comments", "en", "es", "share", "read-also", "read-also-quoted"],
)
def test_widget_vocabulary_goes(widget: list[str]) -> None:
    text = clean_text(lines(P1, P2, *widget, P3)).text
    assert text == "\n\n".join([P1, P2, P3])


@pytest.mark.parametrize(
    "heading",
    ["Comment savoir si vous êtes concerné ?", "Partager ses données de santé, un risque"],
)
def test_subheadings_with_ui_looking_words_stay(heading: str) -> None:
    assert heading in clean_text(lines(P1, heading, P2)).text


def test_widget_vocabulary_in_a_real_sentence_stays() -> None:
    sentence = (
        "Les pirates ont pu se connecter au serveur avec l’identité d’un médecin, puis "
        "partager les fichiers sur un forum, selon les enquêteurs."
    )
    assert sentence in clean_text(lines(P1, sentence, P2)).text


def test_trailing_short_lines_go() -> None:
    cleaned = clean_text(lines(P1, P2, "Pour aller plus loin", "Nos dossiers santé"))
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert cleaned.reasons == ("tail", "tail")


@pytest.mark.parametrize(
    "quote",
    [
        '"Les personnes touchées par ce vol de données ont été informées", assurent les HCL',
        "« Aucune donnée médicale n’a été dérobée à ce stade », a précisé la direction",
    ],
)
def test_a_last_quote_without_its_full_stop_stays(quote: str) -> None:
    """Reported speech ending a page is text, even when the page left out the full stop."""
    cleaned = clean_text(lines(P1, P2, quote, "Nos dossiers santé"))
    assert cleaned.text == f"{P1}\n\n{P2}\n\n{quote}"
    assert cleaned.reasons == ("tail",)


# --- head: badges above the first paragraph ----------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        ["🔴 ALERTE", TITLE],
        ["⚡ EXCLUSIF"],  # a pictograph is enough, headline or not
        ["EXCLUSIF", TITLE],  # capitals alone only above the headline
        ["VIDÉO", "Santé", TITLE],
        [TITLE, "🔴 EN DIRECT"],
    ],
    ids=["emoji", "emoji-no-title", "caps-above-title", "caps-and-kicker", "emoji-below-title"],
)
def test_leading_badge_goes(head: list[str]) -> None:
    cleaned = clean_text(lines(*head, P1, P2), title=TITLE)
    badges = [line for line, why in zip(cleaned.removed, cleaned.reasons, strict=True) if why]
    assert [line for line in badges if line != TITLE and line != "Santé"] == [
        line for line in head if line.isupper() or "🔴" in line or "⚡" in line
    ]
    assert cleaned.text.split("\n\n")[-2:] == [P1, P2]
    assert "badge" in cleaned.reasons


@pytest.mark.parametrize(
    "head",
    [
        [TITLE, "PARIS (AFP)"],
        [TITLE, "LILLE –"],
        [TITLE, "PARIS"],  # capitals below the headline: maybe a dateline
        ["EXCLUSIF"],  # no headline to be above of
        [TITLE, "Lille, le 8 septembre 2025"],
        ["⚠️ MISE À JOUR 12 JUILLET", TITLE],  # digits: a dated notice, not a badge
        [TITLE, "📍 Lille"],  # not in capitals
        [TITLE, "Les faits"],
        [TITLE, "• ALERTE"],  # a bullet: the run rules' business
    ],
)
def test_datelines_and_ledes_are_not_badges(head: list[str]) -> None:
    cleaned = clean_text(lines(*head, P1, P2), title=TITLE)
    assert "badge" not in cleaned.reasons
    assert cleaned.text.split("\n\n") == [*(line for line in head if line != TITLE), P1, P2]


def test_badge_like_line_after_the_first_paragraph_stays() -> None:
    text = clean_text(lines(P1, "🔴 ALERTE", P2)).text
    assert text == "\n\n".join([P1, "🔴 ALERTE", P2])


def test_title_repeat_with_other_apostrophes_goes() -> None:
    cleaned = clean_text(lines(TITLE.replace("'", "’"), P1, P2), title=TITLE)
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert cleaned.reasons == ("duplicate",)


# --- tail: reader-account prompts after the last paragraph ---------------------------------------

PROMPT_EN = (
    "You can read The Evening Echo on one device at a time. Comments are reserved for "
    "subscribers: log in or subscribe to take part in the conversation and share your views."
)
PROMPT_ES = (
    "Los comentarios están reservados a los suscriptores: inicia sesión o suscríbete para "
    "participar en la conversación."
)


@pytest.mark.parametrize(
    "tail",
    [
        [PROMPT_FR],
        [PROMPT_EN],
        [PROMPT_ES],
        ["Réagir", PROMPT_FR, "S’abonner"],
        [PROMPT_FR, PROMPT_EN],
    ],
    ids=["fr", "en", "es", "with-labels", "two"],
)
def test_final_account_prompt_goes(tail: list[str]) -> None:
    cleaned = clean_text(lines(P1, P2, P3, *tail))
    assert cleaned.text == "\n\n".join([P1, P2, P3])
    assert "account" in cleaned.reasons


@pytest.mark.parametrize(
    "final",
    [
        # facts about subscribers and newsletters, no call to action
        "Les patients abonnés à la newsletter de l’hôpital ont été prévenus par courriel "
        "jeudi, a indiqué la direction.",
        "Pour être informés, les patients peuvent s’abonner à la lettre d’information de "
        "l’agence ou se connecter à leur espace santé.",
        # one call to action: practical advice
        "Sur le site de l’agence, inscrivez-vous pour recevoir la newsletter et les alertes.",
        "Dès maintenant, connectez-vous à votre espace patient et changez votre mot de passe.",
        # reported speech
        "« Connectez-vous ou abonnez-vous pour consulter vos résultats », disait le faux "
        "courriel, qui invitait aussi à partager ses identifiants.",
        # calls to action mentioned in a long paragraph: not dense
        "Les escrocs copient les pages de l’hôpital, avec des boutons connectez-vous et "
        "abonnez-vous qui mènent à un faux portail : les patients qui y saisissent leurs "
        "identifiants les livrent aux pirates, qui s’en servent ensuite pour consulter "
        "d’autres services en ligne, ont expliqué les enquêteurs lors d’une conférence.",
    ],
    ids=["fr-facts", "fr-can-subscribe", "one-call", "advice", "quoted", "sparse"],
)
def test_final_paragraph_with_account_words_stays(final: str) -> None:
    cleaned = clean_text(lines(P1, P2, final))
    assert "account" not in cleaned.reasons
    assert final in cleaned.text.split("\n\n")


def test_final_english_paragraph_with_account_words_stays() -> None:
    body = (
        "The regional hospital said on Monday that hackers had accessed the administrative "
        "records of several thousand patients after stealing the password of a doctor.",
        "The hospital has filed a complaint and informed the data protection authority, and "
        "the patients concerned will be contacted by letter in the coming days.",
    )
    final = (
        "Patients who subscribe to the hospital newsletter were told by email on Thursday, "
        "a spokesman said, adding that he could not comment further or share any details."
    )
    cleaned = clean_text(lines(*body, final))
    assert "account" not in cleaned.reasons
    assert final in cleaned.text.split("\n\n")


def test_account_prompt_goes_only_at_the_end() -> None:
    text = clean_text(lines(P1, PROMPT_FR, P2)).text
    assert text == "\n\n".join([P1, PROMPT_FR, P2])


@pytest.mark.parametrize(
    "debris",
    [
        "/2024/05/02/hopital-5f3a9c1e2b7d4.jpg)",
        "https://www.exemple.fr/sante/article-12345.html",
        "image_0042.png",
        "8f14e45fceea167a5a36dedd4bea2543",
        "12/03/2025 - 14:05",
        "***",
        "Accueil › Santé › Hôpitaux",
        "| Accueil \\| Actualités \\| Contact |",
    ],
)
def test_debris_menus_and_separators_go(debris: str) -> None:
    cleaned = clean_text(lines(P1, debris, P2))
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert cleaned.removed == (debris,)


def test_title_and_repeated_lines_go() -> None:
    title = "Cyberattaque à l’hôpital de Brévent"
    cleaned = clean_text(lines(title, P1, P2, P1), title=title)
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert cleaned.reasons == ("duplicate", "duplicate")


def test_foreign_paragraph_goes_in_a_french_document() -> None:
    english = (
        "This article was automatically translated from our partner network and has not been "
        "reviewed by our editors."
    )
    cleaned = clean_text(lines(P1, english, P2, P3))
    assert english not in cleaned.text
    assert cleaned.reasons == ("language:en",)


def test_short_french_lines_are_not_judged_by_language() -> None:
    """langdetect is unreliable on short lines: a short French subheading is never dropped."""
    for heading in ("Un plan blanc", "Les faits", "Gros risque"):
        assert heading in clean_text(lines(P1, heading, P2)).text


def test_whitespace_normalised_nbsp_and_apostrophes_kept() -> None:
    messy = "Les  données\tde 126\u00a0000 patients\u200b ont été volées l’an dernier.\x00  "
    text = clean_text(lines(P1, messy)).text
    assert text.endswith("Les données de 126\u00a0000 patients ont été volées l’an dernier.")
    assert "\u00a0" in text and "’" in text


def test_paragraphs_are_separated_by_a_blank_line() -> None:
    text = clean_text(f"{P1}\n\n\n{P2}\r\n{P3}").text
    assert text.split("\n\n") == [P1, P2, P3]


def test_empty_and_blank_input() -> None:
    assert clean_text("") == Cleaned("", ())
    assert clean_text(" \n\t\n").text == ""


def test_continuation_lines_are_joined() -> None:
    wrapped = ["Le centre hospitalier de Brévent a signalé lundi une", "intrusion informatique."]
    assert join_continuations(wrapped) == [
        "Le centre hospitalier de Brévent a signalé lundi une intrusion informatique."
    ]
    assert join_continuations(["Une enquête ouverte", "Les gendarmes"]) == [
        "Une enquête ouverte",
        "Les gendarmes",
    ]


def test_reflow_rebuilds_paragraphs_and_undoes_hyphenation() -> None:
    text = (
        "Le centre hospitalier a détecté une intrusion dans son système d’information, et\n"
        "l’Agence nationale de la sécu-\n"
        "rité des systèmes d’information a été alertée dès le lendemain matin par la\n"
        "direction.\n"
        "Des soins maintenus\n"
        "Les urgences fonctionnent normalement depuis mardi, selon la direction des Hauts-\n"
        "de-Seine."
    )
    assert reflow(text).split("\n") == [
        "Le centre hospitalier a détecté une intrusion dans son système d’information, et "
        "l’Agence nationale de la sécurité des systèmes d’information a été alertée dès le "
        "lendemain matin par la direction.",
        "Des soins maintenus",
        "Les urgences fonctionnent normalement depuis mardi, selon la direction des "
        "Hauts-de-Seine.",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (P1, True),
        ("Quel était le système de sécurité au Louvre ?", False),
        ("Faire des têtes au foot, c'est stylé, mais...", False),
        ("Les urgences fonctionnent normalement.", True),
        ("Les urgences fonctionnent.", False),
        ("Une enquête confiée à la gendarmerie", False),
        # a paragraph cut off after a full sentence (a paywall, an excerpt)
        ("Sont concernées par ce vol 1,4 million de personnes, résidant en Île-de-France. P", True),
        ("Accueil. Actualités. Santé", False),
        ("Photo AFP. Tous droits réservés", False),
    ],
)
def test_is_prose(line: str, expected: bool) -> None:
    assert is_prose(line) is expected


def test_a_last_paragraph_cut_after_a_sentence_stays() -> None:
    cut = "Sont concernées par ce vol 1,4 million de personnes, résidant en Île-de-France. P"
    assert clean_text(lines(P1, P2, cut)).text == "\n\n".join([P1, P2, cut])


# --- language ----------------------------------------------------------------------------------


LANGDETECT_SAMPLES = (
    P1,
    f"{P1} {P2} {P3}",
    "The hospital said data of 126,000 patients had been stolen in a cyberattack.",
    "El hospital informó que los datos de miles de pacientes fueron robados el jueves.",
    "ALERTE CYBERATTAQUE À L’HÔPITAL : LES URGENCES FERMÉES, the CHU said",
    "Voir https://www.exemple.fr/a?b=1 ou écrire à presse@ars.example  —  merci",
    "Tiếng Việt có dấu: Việt Nam là một quốc gia ở Đông Nam Á",
    "東京都は日本の首都です。病院のデータが盗まれました。",
    "Больница сообщила о краже данных пациентов.",
    "12 345 --- ***",
)


def _langdetect_answers(text: str) -> list[list[tuple[str, float]]]:
    """Probabilities of the stock langdetect Detector and of ours, on `text`."""
    answers = []
    for make in (Detector, language._Detector):
        detector = make(language._factory())
        detector.append(text)
        try:
            answers.append([(guess.lang, guess.prob) for guess in detector.get_probabilities()])
        except LangDetectException as error:
            answers.append([("error", float(error.code))])
    return answers


def test_fast_detector_matches_langdetect_exactly() -> None:
    """The faster Detector gives langdetect's own probabilities, bit for bit."""
    for text in LANGDETECT_SAMPLES:
        stock, fast = _langdetect_answers(text)
        assert stock == fast, text


@pytest.mark.seeds
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.prefix)
def test_fast_detector_matches_langdetect_on_the_seeds(case: SeedCase) -> None:
    raw = seed_text(case.prefix)
    for text in [raw[: language.MAX_CHARS], *raw.splitlines()]:
        stock, fast = _langdetect_answers(text)
        assert stock == fast, text
        found, probability = detect_with_probability(text)
        assert leading_language(text) == (found, probability >= language.MIN_PROBABILITY)
        assert foreign_language(text, "fr", 0.95) == (
            found if found not in ("", "fr") and probability >= 0.95 else ""
        )


def test_language_memo_answers_once_per_sample() -> None:
    memo, text = LanguageMemo(), f"{P1}\n\n{P2}\n\n{P3}\n\n" * 5
    assert len(text) > language.MAX_CHARS
    assert memo.leading_language(text) == ("fr", True)
    assert memo.detect_language(text + "\n\nThe end.") == detect_language(text) == "fr"
    assert len(memo._answers) == 1  # same opening, same answer


MIXED = (
    "Hola amigos, the hospital a été piraté",
    "Data breach à l’hôpital",
    "Ciberataque en el hospital de Lyon",
    f"{P1} The hospital said data had been stolen.",
    "Ok",
)


@pytest.mark.parametrize("text", LANGDETECT_SAMPLES + MIXED)
def test_early_stopping_gives_langdetect_answers(text: str) -> None:
    """Trials cut short once the answer is settled: the answers stay langdetect's."""
    found, probability = detect_with_probability(text)
    assert leading_language(text) == (found, probability >= language.MIN_PROBABILITY)
    for other in ("fr", "en", "es", "de"):
        for threshold in (0.6, 0.95):
            expected = found if found not in ("", other) and probability >= threshold else ""
            assert foreign_language(text, other, threshold) == expected, (other, threshold)


@pytest.mark.parametrize(
    "parts",
    [
        (P1, P2, P3),
        (P1, "This article was automatically translated and has not been reviewed.", P2),
        (
            "The hospital said on Monday that hackers had accessed the records of patients.",
            "The hospital has filed a complaint, and the patients will be contacted by letter.",
        ),
    ],
    ids=["fr", "fr-with-english", "en"],
)
def test_cleaned_language_is_the_language_of_the_cleaned_text(parts: tuple[str, ...]) -> None:
    cleaned = clean_text(lines(*parts))
    assert cleaned.language == detect_language(cleaned.text) != ""


def test_plainly_in() -> None:
    english = "The hospital said that the data of its patients had been stolen by the attackers."
    assert plainly_in(P1, "fr") and not plainly_in(P1, "en")
    assert plainly_in(english, "en") and not plainly_in(english, "fr")
    assert not plainly_in(P1, "de")  # no word list: langdetect has to decide


def test_language_detection_is_deterministic() -> None:
    mixed = "Les données personnelles des patients. The personal data of the patients."
    answers = {detect_with_probability(mixed) for _ in range(5)}
    assert len(answers) == 1


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (P1, "fr"),
        ("The hospital said data of 126,000 patients had been stolen in a cyberattack.", "en"),
        ("El hospital informó que los datos de miles de pacientes fueron robados el jueves.", "es"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert is_french(text) is (language == "fr")


@pytest.mark.parametrize("text", ["", "   ", "12 345", "--- ***"])
def test_undecidable_language_is_empty(text: str) -> None:
    assert detect_language(text) == ""
    assert not is_french(text)


def test_an_embedded_tweet_keeps_its_words_and_loses_its_signature() -> None:
    text = (
        "Un logiciel de demande de rançon paralyse les systèmes d'information du centre"
        " hospitalier depuis lundi 28 mars, et l'établissement a dû suspendre des soins.\n"
        "Une #cyberattaque vise l’hôpital de Castelluccio @CHCastelluccio a suspendu ses"
        " activités de radiothérapie et d’oncologie (dosages, ciblage…)."
        " pic.twitter.com/0UyuGVUfvS— ARS.CORSE (@ARSCORSE1) March 29, 2022\n"
        "En radiothérapie, une quarantaine de patients sont impactés, précise la chargée de"
        " communication de l'établissement, et ils ont été prévenus individuellement.\n"
    )
    cleaned = clean_text(text)
    assert "Castelluccio a suspendu ses activités de radiothérapie" in cleaned.text
    assert "(dosages, ciblage…).\n" in cleaned.text + "\n"
    for gone in ("pic.twitter.com", "@ARSCORSE1", "March 29, 2022"):
        assert gone not in cleaned.text
    assert cleaned.removed == ("pic.twitter.com/0UyuGVUfvS— ARS.CORSE (@ARSCORSE1) March 29, 2022",)
    assert cleaned.reasons == ("embed",)
    # a dash and a name in running French text are no signature
    quoted = "Le directeur - Jean Martin (@jmartin) - a confirmé l'attaque le 29 mars 2022."
    assert clean_text(quoted + "\n").text == quoted
