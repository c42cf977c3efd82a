"""Vocabulary of page furniture: widget, account and share words of news pages.

French, English and Spanish; matched as whole words, case-insensitively, with typographic
and straight apostrophes alike. `scraper.clean` decides where each list applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Widget and account vocabulary of news pages, in French, English and Spanish, plus the
# share targets. Applied to short lines only (see `scraper.clean`).
UI_TERMS = (
    # French
    "connectez-vous", "se connecter", "me connecter", "connexion à votre compte",
    "identifiez-vous", "s'identifier", "créer un compte", "créez votre compte",
    "créez votre espace", "créer votre espace", "déjà un compte", "déjà abonné",
    "mot de passe oublié", "abonnez-vous", "s'abonner", "je m'abonne", "réservé aux abonnés",
    "inscrivez-vous", "s'inscrire", "newsletter", "newsletters", "lettre d'information",
    "commentaire", "commentaires", "commenter", "réagir", "réagissez", "partager",
    "partagez", "imprimer", "lire aussi", "à lire aussi", "a lire aussi", "lire la suite",
    "voir aussi", "à voir aussi", "voir plus", "publicité", "cookies", "tout accepter",
    "tout refuser", "paramétrer", "suivez-nous", "tous droits réservés", "mentions légales",
    "politique de confidentialité", "signaler un abus", "contenu sponsorisé",
    "articles similaires", "sur le même sujet", "dans la même rubrique",
    # English
    "log in", "login", "sign in", "sign up", "subscribe", "comments", "leave a comment",
    "share", "share this", "read more", "related articles", "related stories",
    "advertisement", "cookie", "privacy policy", "all rights reserved", "follow us",
    # Spanish
    "comentario", "comentarios", "comentar", "recomendar", "compartir",
    "iniciar sesión", "regístrate", "suscríbete", "leer más", "publicidad",
    "todos los derechos reservados",
    # share targets
    "facebook", "twitter", "linkedin", "whatsapp", "pinterest", "gplus", "google+",
    "instagram", "tiktok", "youtube", "flipboard", "telegram", "messenger", "rss",
)  # fmt: skip


def vocabulary(terms: Iterable[str]) -> re.Pattern[str]:
    """Whole-word matcher of terms, longest first, for either kind of apostrophe."""
    alternatives = (re.escape(t).replace("'", "['’]") for t in sorted(terms, key=len, reverse=True))
    return re.compile(r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?![\w'’-])", re.I)


UI = vocabulary(UI_TERMS)

# Reader-account prompts (paywalls, comment sections, newsletters) in French, English and
# Spanish: calls to action, then the words around them. Used on final paragraphs only.
ACCOUNT_CALLS = frozenset((
    "abonnez-vous", "connectez-vous", "inscrivez-vous", "identifiez-vous", "réabonnez-vous",
    "je m'abonne", "déjà abonné", "déjà abonnée", "créez votre compte", "subscribe",
    "subscribe now", "sign in", "log in", "sign up", "already a subscriber", "suscríbete",
    "inicia sesión", "regístrate", "ya eres suscriptor",
))  # fmt: skip
ACCOUNT = vocabulary(ACCOUNT_CALLS | {
    "abonné", "abonnée", "abonnés", "abonnées", "abonnement", "abonnements", "s'abonner",
    "se connecter", "connecté", "connectée", "connectés", "contribution", "contributions",
    "commentaire", "commentaires", "commenter", "réagir", "réagissez", "newsletter",
    "newsletters", "partager", "partagez", "subscriber", "subscribers", "subscription",
    "comment", "comments", "share", "suscriptor", "suscriptores", "suscripción",
    "suscribirse", "comentario", "comentarios", "comentar", "compartir", "iniciar sesión",
})  # fmt: skip
