"""Extraction of HTML, PDF and plain text into `Extracted`, on fixtures and on the seeds."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scraper.demo import WEB_DIR
from scraper.errors import Drop
from scraper.extract import (
    bounded_date,
    decode_html,
    extract_bytes,
    extract_html,
    extract_pdf,
    extract_plain,
    sniff_kind,
)
from scraper.fetched import Extracted
from tests.seeds import CASES, SeedCase, seed_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"
NOW = datetime(2025, 9, 9, 12, 0, tzinfo=UTC)

BODY = """
<p>Le centre hospitalier de Brévent a signalé une intrusion dans son réseau informatique. Les
données administratives de plusieurs milliers de patients ont pu être consultées, selon la
direction de l’établissement.</p>
<p>L’établissement a porté plainte et prévenu la Commission nationale de l’informatique et des
libertés. Les patients concernés seront informés par courrier dans les prochains jours.</p>
<p>Les consultations sont maintenues, mais certains rendez-vous pourraient être décalés le temps
de rétablir les logiciels de planification, a précisé un porte-parole.</p>
"""


def fixture(name: str) -> tuple[bytes, dict[str, str]]:
    """A fixture's bytes and its sidecar (invented URL, capture date, content type)."""
    sidecar = FIXTURES / f"{Path(name).stem if name.endswith('.html') else name}.meta.json"
    return (FIXTURES / name).read_bytes(), json.loads(sidecar.read_text(encoding="utf-8"))


def extract_fixture(name: str, **overrides: str | None) -> Extracted:
    body, meta = fixture(name)
    captured = datetime.fromisoformat(meta["captured"])
    content_type = overrides.get("content_type", meta["content_type"])
    charset = overrides.get("charset")
    return extract_bytes(
        body, meta["url"], content_type=content_type, charset=charset, now=captured
    )


def dated_page(published: str) -> str:
    """A small French article whose only date is its article:published_time meta."""
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Intrusion informatique à l’hôpital de Brévent</title>
<meta property="article:published_time" content="{published}"></head>
<body><article><h1>Intrusion informatique à l’hôpital de Brévent</h1>{BODY}</article>
</body></html>"""


def assert_contains(text: str, must: tuple[str, ...], must_not: tuple[str, ...]) -> None:
    for passage in must:
        assert passage in text, passage
    for noise in must_not:
        assert noise not in text, noise


# --- HTML fixtures -----------------------------------------------------------------------------


def test_regional_article() -> None:
    extracted = extract_fixture("regional_article.html")
    assert_contains(
        extracted.text,
        must=(
            # the chapô, outside the body container, is recovered whole
            "Le centre hospitalier de Valmont a confirmé mercredi avoir été la cible d’une "
            "cyberattaque. Les données administratives d’environ 18\u00a0000 patients ont été "
            "dérobées, selon la direction de l’établissement.",
            "«\u00a0Nous avons détecté des connexions anormales",
            "\n\nAucune donnée médicale concernée\n\n",
            "\n\nDes soins maintenus en mode dégradé\n\n",
            "les pirates ont eu accès aux informations suivantes\u00a0:\n\n- nom et prénom\u00a0;",
            "- adresse postale et numéro de téléphone.",
            "la Commission nationale de l’informatique et des libertés (CNIL) a été notifiée",
            "Aucune demande de rançon n’a été rendue publique à ce jour.",
        ),
        must_not=(
            "cookies",
            "Tout accepter",
            "Accueil",
            "Faits divers",
            "Je m’abonne",
            "Partager",
            "Facebook",
            "Lire aussi",
            "Bords-de-Loire",
            "Sur le même sujet",
            "marché de Noël",
            "commentaires",
            "Jean-Mi76",
            "scandaleux",
            "Connectez-vous",
            "Mentions légales",
            "Tous droits réservés",
        ),
    )
    # from og:title, typed with a plain space where the <h1> has a non-breaking one
    assert extracted.title == (
        "Cyberattaque : les données de 18 000 patients de l’hôpital de Valmont dérobées"
    )
    assert extracted.author == "Claire Morvan"
    assert extracted.site_name == "Le Courrier de l’Estuaire"
    # the page's own time (article:published_time), on the day htmldate found
    assert extracted.published == datetime(2025, 3, 13, 7, 45, tzinfo=timezone(timedelta(hours=1)))
    assert extracted.canonical_url == (
        "https://www.courrier-estuaire.example/valmont/sante/"
        "cyberattaque-hopital-valmont-donnees-patients-derobees_48213.html"
    )
    assert extracted.language == "fr"
    assert extracted.text.count(extracted.title) == 0


def test_aggregator_article_foreign_blocks_go() -> None:
    extracted = extract_fixture("aggregator_article.html")
    assert_contains(
        extracted.text,
        must=(
            "Un réseau de laboratoires d’analyses médicales de la région lyonnaise",
            "«\u00a0Les prélèvements ont continué d’être réalisés dans nos 23 sites",
            "de près de 9\u00a0500 patients auraient été copiés avant le chiffrement",
            "dont une partie concernait des laboratoires privés.",
        ),
        must_not=(
            "This story was automatically translated",
            "Compartir",
            "Recomendar",
            "Lo más leído",
            "Real Madrid",
            "dieta mediterránea",
            "Comentarios",
            "No hay comentarios",
            "Iniciar sesión",
            "Todos los derechos",
        ),
    )
    assert len(extracted.text.split("\n\n")) == 4
    # the canonical link is relative: og:url is used instead
    assert extracted.canonical_url == (
        "https://infomonde-actu.example/fr/sante/lyon-laboratoire-rancongiciel-99120"
    )
    assert extracted.published == datetime(2025, 6, 4, 16, 20, tzinfo=UTC)
    assert extracted.site_name == "InfoMonde Actu"
    assert extracted.language == "fr"


def test_removed_lists_what_cleaning_dropped() -> None:
    extracted = extract_fixture("aggregator_article.html")
    assert any("Real Madrid" in line for line in extracted.removed)
    assert any(line.startswith("This story") for line in extracted.removed)


LATIN1_WORDS = (
    "Incident de sécurité informatique",
    "Le centre hospitalier de Prémont a été victime le 18 novembre d'un accès frauduleux à sa "
    "messagerie.",
    "des données de santé de 1\u00a0200 patients",
    "L'hôpital a réinitialisé l'ensemble des mots de passe",
    "«\u00a0Aucune activité de soins n'a été interrompue\u00a0»",
    "Une cellule d'écoute est ouverte",
)


def test_latin1_page_charset_in_header_only() -> None:
    body, _ = fixture("latin1_page.html")
    assert b"charset" not in body.lower()
    extracted = extract_fixture(
        "latin1_page.html", content_type="text/html; charset=ISO-8859-1", charset="ISO-8859-1"
    )
    text = f"{extracted.title}\n{extracted.text}"
    assert_contains(text, must=LATIN1_WORDS, must_not=("Ã", "\ufffd", "Accueil", "Mentions"))
    assert extracted.published == datetime(2024, 11, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    "meta",
    [
        b'<meta charset="iso-8859-1">',
        b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ],
    ids=["meta-charset", "http-equiv"],
)
def test_latin1_page_charset_in_meta_only(meta: bytes) -> None:
    body, info = fixture("latin1_page.html")
    body = body.replace(b"<head>", b"<head>\n" + meta, 1)
    extracted = extract_bytes(body, info["url"], content_type=None, charset=None, now=NOW)
    text = f"{extracted.title}\n{extracted.text}"
    assert_contains(text, must=LATIN1_WORDS, must_not=("Ã", "\ufffd"))


# --- decoding ----------------------------------------------------------------------------------


def test_decode_header_charset_wins() -> None:
    body = '<meta charset="utf-8"><p>Hôpital</p>'.encode("cp1252")
    assert "Hôpital" in decode_html(body, "windows-1252")
    # header honoured even when the bytes would also decode as UTF-8
    assert "HÃ´pital" in decode_html("Hôpital".encode(), "iso-8859-1")


def test_decode_meta_charset_beats_the_utf8_guess() -> None:
    body = b'<html><head><meta charset="iso-8859-15"></head><body>' + "5 €".encode("iso-8859-15")
    assert decode_html(body, None).endswith("5 €")
    assert decode_html(body.replace(b"iso-8859-15", b"nonsense-42"), None).endswith("5 ¤")


def test_decode_bom_utf8_and_fallbacks() -> None:
    assert decode_html(b"\xef\xbb\xbfdonn\xc3\xa9es", "iso-8859-1") == "données"
    assert decode_html("données".encode("utf-16"), None) == "données"
    assert decode_html("données".encode(), None) == "données"
    assert decode_html("données".encode("cp1252"), None) == "données"
    assert decode_html("données".encode(), "no-such-charset") == "données"
    assert decode_html(b"\x81\x8d donn\xe9es", "utf-8").endswith("données")


# --- dates and URLs ----------------------------------------------------------------------------


CEST = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-05-02T10:00:00+02:00", datetime(2025, 5, 2, 10, tzinfo=CEST)),
        ("2025-09-09T08:00:00+00:00", datetime(2025, 9, 9, 8, tzinfo=UTC)),
        ("2031-05-02T10:00:00+02:00", None),
        ("1990-05-02T10:00:00+02:00", None),
    ],
    ids=["past", "today", "future", "1990"],
)
def test_publication_date_bounds(published: str, expected: datetime | None) -> None:
    url = "https://www.exemple-sante.example/actualites/intrusion-brevent"
    assert extract_html(dated_page(published), url, now=NOW).published == expected


def test_bounded_date() -> None:
    assert bounded_date("2025-09-09", NOW) == datetime(2025, 9, 9, tzinfo=UTC)
    assert bounded_date("2025-09-10", NOW) is None
    assert bounded_date("1994-12-31", NOW) is None
    assert bounded_date(date(1995, 1, 1), NOW) == datetime(1995, 1, 1, tzinfo=UTC)
    assert bounded_date("not a date", NOW) is None
    assert bounded_date(None, NOW) is None
    naive_now = NOW.replace(tzinfo=None)
    assert bounded_date("2025-01-02", naive_now) == datetime(2025, 1, 2)


def test_canonical_must_be_absolute_http() -> None:
    page = dated_page("2025-05-02").replace(
        "<head>", '<head><link rel="canonical" href="ftp://files.example/a">', 1
    )
    extracted = extract_html(page, "https://www.exemple-sante.example/a", now=NOW)
    assert extracted.canonical_url == ""


# --- PDF ---------------------------------------------------------------------------------------


def test_pdf_communique() -> None:
    extracted = extract_fixture("communique.pdf")
    assert extracted.title == "Cyberattaque au centre hospitalier de Valmont : premières mesures"
    assert extracted.published == datetime(2025, 3, 12, tzinfo=UTC)
    assert extracted.language == "fr"
    paragraphs = extracted.text.split("\n\n")
    assert "Continuité des soins" in paragraphs
    assert_contains(
        extracted.text,
        must=(
            "l’Agence nationale de la sécurité des systèmes d’information ont été alertées",
            "environ 18\u00a0000 patients ont pu être consultées",
            "fonctionnent normalement. Les équipes",
            "certains logiciels de planification, sans conséquence",  # across the page break
        ),
        must_not=("sécu-", "normale-", "Val-de-Loire-Est", "1/2", "2/2"),
    )
    assert any(p.startswith("Le centre hospitalier de Valmont a détecté") for p in paragraphs)
    assert any(p.startswith("Les personnes concernées recevront") for p in paragraphs)


def test_pdf_title_from_text_when_metadata_is_a_file_name() -> None:
    extracted = extract_fixture("communique_notitle.pdf")
    assert extracted.title == "Cyberattaque au centre hospitalier de Valmont"


@pytest.mark.parametrize(
    ("content_type", "url"),
    [
        ("application/pdf", "https://ars.example/cp"),
        ("application/octet-stream", "https://ars.example/download?id=3"),
        (None, "https://ars.example/cp.pdf"),
        ("text/html", "https://ars.example/cp"),  # a mislabelled PDF is still a PDF
    ],
)
def test_pdf_dispatch(content_type: str | None, url: str) -> None:
    body, _ = fixture("communique.pdf")
    assert sniff_kind(body, url, content_type) == "pdf"
    assert extract_bytes(body, url, content_type=content_type, charset=None, now=NOW).text


@pytest.mark.parametrize(
    ("body", "content_type", "url", "kind"),
    [
        (b"<!DOCTYPE html><html></html>", "text/plain", "https://a.example/x", "html"),
        (b"Titre\nUn texte.", "text/plain", "https://a.example/x.html", "text"),
        (b"Titre\nUn texte.", None, "https://a.example/x.txt", "text"),
        (b"Titre\nUn texte.", None, "https://a.example/x.php", "html"),
        (b"Titre\nUn texte.", "application/octet-stream", "https://a.example/x", "text"),
        (b"<p>Un texte.</p>", None, "https://a.example/x", "html"),
        (b"Un texte.", "application/xhtml+xml", "https://a.example/x", "html"),
        (b"%PDF-1.7 ...", "application/pdf", "https://a.example/x", "pdf"),
        (b"not a pdf", None, "file:///tmp/cp.PDF", "pdf"),
    ],
)
def test_sniff_kind(body: bytes, content_type: str | None, url: str, kind: str) -> None:
    assert sniff_kind(body, url, content_type) == kind


# --- plain text and the seeds ------------------------------------------------------------------


@pytest.mark.seeds
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.prefix)
def test_seed_as_plain_text(case: SeedCase) -> None:
    raw = seed_text(case.prefix)
    url = f"file:///seeds/{case.prefix}.txt"
    extracted = extract_bytes(raw.encode(), url, content_type="text/plain", charset=None, now=NOW)
    assert extracted.title == case.title
    assert extracted.language == "fr"
    assert extracted.published is None
    assert_contains(extracted.text, must=case.must, must_not=case.must_not)
    assert extracted == extract_plain(raw, url, now=NOW)


def test_plain_text_without_title_line() -> None:
    text = (
        "Le centre hospitalier de Brévent a signalé une intrusion dans son réseau. "
        "Les données de patients ont pu être consultées."
    )
    extracted = extract_plain(text, "https://a.example/x.txt", now=NOW)
    assert extracted.title == ""
    assert extracted.text == text


def test_plain_text_in_english_is_detected() -> None:
    text = (
        "Hospital data breach\nThe hospital said on Thursday that the personal data of "
        "126,000 patients had been stolen in a cyberattack on its computer systems."
    )
    extracted = extract_plain(text, "https://a.example/en.txt", now=NOW)
    assert extracted.language == "en"


# --- hostile and empty input -------------------------------------------------------------------


def junk(size: int = 20000) -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(size))


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (junk(), None, "unreadable"),
        (junk(), "text/html", "unreadable"),
        (junk(), "text/plain", "unreadable"),
        (junk(), "image/png", "unreadable"),
        (b"\x00" * 5000, None, "unreadable"),
        (b"\x00" * 5000, "text/html", "unreadable"),
        (b"%PDF-1.4\n" + junk(2000), "application/pdf", "unreadable"),
        (b"not a pdf at all", "application/pdf", "unreadable"),
        (b"", None, "empty"),
        (b"   \n\n ", "text/plain", "empty"),
        (b"<html><head><title>Vide</title></head><body></body></html>", "text/html", "empty"),
        (b"<html><body><nav><a href='/'>Accueil</a></nav></body></html>", "text/html", "empty"),
    ],
    ids=[
        "junk",
        "junk-html",
        "junk-text",
        "junk-png",
        "nul",
        "nul-html",
        "pdf-junk",
        "pdf-fake",
        "empty",
        "blank",
        "html-empty",
        "html-nav-only",
    ],
)
def test_hostile_input_drops(body: bytes, content_type: str | None, reason: str) -> None:
    url = "https://a.example/x"
    with pytest.raises(Drop) as caught:
        extract_bytes(body, url, content_type=content_type, charset=None, now=NOW)
    assert caught.value.reason == reason
    assert url in caught.value.detail


def test_truncated_pdf_drops() -> None:
    body, _ = fixture("communique.pdf")
    with pytest.raises(Drop) as caught:
        extract_pdf(body[: len(body) // 3], "https://a.example/cp.pdf", now=NOW)
    assert caught.value.reason == "unreadable"


def test_null_bytes_inside_a_page_are_ignored() -> None:
    page = dated_page("2025-05-02").replace("Brévent a signalé", "Brévent\x00 a signalé")
    extracted = extract_html(page, "https://a.example/x", now=NOW)
    assert "Le centre hospitalier de Brévent a signalé une intrusion" in extracted.text


def test_deeply_nested_html_does_not_crash() -> None:
    page = "<html><body>" + "<div>" * 20000 + BODY + "</div>" * 20000 + "</body></html>"
    try:
        extracted = extract_html(page, "https://a.example/x", now=NOW)
    except Drop as drop:
        assert drop.reason in ("empty", "unreadable", "too_complex")
    else:
        assert "Brévent" in extracted.text


def test_page_time_is_ignored_when_it_disagrees_with_the_day_or_is_in_the_future() -> None:
    url = "https://www.exemple-sante.example/actualites/intrusion-brevent"
    later_today = dated_page("2025-09-09T18:00:00+00:00")  # after NOW (12:00 UTC)
    assert extract_html(later_today, url, now=NOW).published in (
        None,
        datetime(2025, 9, 9, tzinfo=UTC),
    )


# --- the demo corpus: page openings and endings ------------------------------------------------

DEMO_NOW = datetime(2026, 1, 1, tzinfo=UTC)
DEMO_PAGES = sorted(path.relative_to(WEB_DIR).as_posix() for path in WEB_DIR.rglob("*.html"))


def demo_page(relative: str) -> Extracted:
    """A demo page extracted as collect does it, at its demo URL."""
    body = (WEB_DIR / relative).read_bytes()
    return extract_html(decode_html(body, None), f"https://{relative}", now=DEMO_NOW)


def paragraphs(extracted: Extracted) -> list[str]:
    return extracted.text.split("\n\n")


@pytest.mark.parametrize(
    ("page", "lede"),
    [
        (
            "sante-buzz.example/actu/126000-dossiers-medicaux-voles-clinique-saint-etienne.html",
            "Une énorme fuite touche l’Hôpital privé de la Loire.",
        ),
        (
            "sante-buzz.example/actu/piratage-geant-2-millions-de-patients-toute-la-france.html",
            "Après la Normandie et les Hauts-de-France, c’est tout le pays qui est concerné",
        ),
    ],
    ids=["126000-dossiers", "piratage-geant"],
)
def test_demo_badge_above_the_title_goes_lede_opens(page: str, lede: str) -> None:
    extracted = demo_page(page)
    assert paragraphs(extracted)[0].startswith(lede)
    assert "ALERTE" not in extracted.text and "🔴" not in extracted.text
    assert "🔴 ALERTE" in extracted.removed


@pytest.mark.parametrize(
    ("page", "last"),
    [
        (
            "www.quotidien-national.example/societe/article/2025/07/10/cyberattaque-contre-une-"
            "clinique-de-saint-etienne-plus-de-126-000-patients-touches_6120457_3224.html",
            "Ces derniers mois, plusieurs hôpitaux et cliniques en France ont signalé des vols",
        ),
        (
            "www.quotidien-national.example/societe/article/2025/09/08/cyberattaque-des-donnees-"
            "de-patients-compromises-en-normandie-et-dans-les-hauts-de-france_6139821_3224.html",
            "Les comptes compromis ont été neutralisés et leurs titulaires prévenus",
        ),
    ],
    ids=["2025-07-10", "2025-09-08"],
)
def test_demo_subscriber_prompt_goes_last_paragraph_stays(page: str, last: str) -> None:
    extracted = demo_page(page)
    assert paragraphs(extracted)[-1].startswith(last)
    for noise in ("abonnés", "connectez-vous", "abonnez-vous", "un seul appareil", "Réagir"):
        assert noise not in extracted.text, noise


@pytest.mark.parametrize(
    ("page", "opening"),
    [
        ("ars-hautsdefrance.example/communiques/2025/09/08/cyberattaque-services-numeriques-"
         "regionaux-point-de-situation.html", "Lille, le 8 septembre 2025"),
        ("ars-normandie.example/communiques/2025/09/08/cyberattaque-visant-des-services-"
         "numeriques-regionaux-de-sante.html", "Caen, le 8 septembre 2025 – Communiqué conjoint"),
        ("depeches-afp.example/fil/2025/07/10/saint-etienne-cyberattaque-clinique-126000-"
         "patients.html", "Lyon, 10 juillet 2025 (AFP) – Une clinique de Saint-Étienne"),
        ("www.info-continu.example/sante/2025/07/10/saint-etienne-les-donnees-de-plus-de-126-"
         "000-patients-d-une-clinique-derobees.html", "(AFP) - Une clinique de Saint-Étienne"),
        ("www.hdf-matin.example/region/sante/2025/09/08/les-hopitaux-publics-vises-par-une-"
         "cyberattaque-l-identite-d-un-soignant-usurpee.html", "L’agence régionale de santé"),
    ],
    ids=["ars-hdf", "ars-normandie", "afp", "info-continu", "hdf-matin"],
)  # fmt: skip
def test_demo_datelines_and_ledes_open_the_text(page: str, opening: str) -> None:
    assert paragraphs(demo_page(page))[0].startswith(opening)


@pytest.mark.parametrize("page", DEMO_PAGES, ids=lambda page: page.rsplit("/", 1)[-1][:40])
def test_demo_pages_open_on_the_body_and_end_on_it(page: str) -> None:
    """No demo page opens on its title (whatever its apostrophes) or ends on a prompt."""
    extracted = demo_page(page)
    first, last = paragraphs(extracted)[0], paragraphs(extracted)[-1]
    assert first.replace("’", "'") != extracted.title.replace("’", "'")
    assert not first.isupper()
    assert not any(word in last.casefold() for word in ("abonn", "connectez", "newsletter"))
