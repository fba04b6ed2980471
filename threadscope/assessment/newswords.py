"""Words that clone sites put beside an outlet's name, by language, and who reads them.

``techniques.COMBO_WORDS`` holds the few words (news, online, 24, der, the …) that make any
name beside them look official. Clone campaigns go further: the Doppelganger sites dressed
outlets' names with the words of the outlet's own newsroom, in its own language: sections
(-politik, -wirtschaft, -sport), editions (-ausgabe, -edition), news words (-nachrichten,
-actu, -notizie, -wiadomosci, -novosti). Phishing kits add credential words (-login, -verify,
-support). Such words are also the names of countless real outlets (sportzeit, worldtime,
businessworld), so ``techniques`` counts them only beside a brand's *distinctive* name (a
curated brand's, not carried by other known names) and only in a language of the brand's
market: -politik dresses a German or Austrian outlet, not a Polish one, for which -polityka
would. English words and credential words are read everywhere.
"""

from __future__ import annotations

import functools

ENGLISH = "English"
ACCOUNT = "account"

NEWS_WORDS: dict[str, str] = {
    ENGLISH: (
        "politics political world worldnews sport sports business economy finance money "
        "culture science tech health opinion local national global weekly express post "
        "herald tribune digital extra special exclusive reporter review channel radio stream "
        "headlines story stories insider portal network journalism"
    ),
    "German": (
        "politik wirtschaft sport kultur wissen heute meldungen eilmeldung schlagzeilen "
        "blatt ausgabe presse panorama regional inland ausland exklusiv spezial digital "
        "direkt tagblatt tageblatt portal fakten wahrheit"
    ),
    "French": (
        "actus actualites infos politique monde economie culture sport sports direct "
        "quotidien hebdo edition presse depeche flash journal verite"
    ),
    "Italian": (
        "notizia ultime ultimora politica mondo economia cultura sport oggi diretta "
        "giornale quotidiano cronaca edizione stampa rivista verita"
    ),
    "Spanish": (
        "noticia ultimas ultimahora politica mundo economia cultura deportes hoy directo "
        "diario periodico edicion prensa revista actualidad verdad"
    ),
    "Portuguese": (
        "noticia noticias politica mundo economia cultura esporte esportes desporto hoje "
        "diario jornal revista verdade"
    ),
    "Dutch": "nieuws politiek wereld sport economie cultuur vandaag dagblad krant",
    "Polish": (
        "fakty polityka swiat sport gospodarka kultura dzis dzisiaj teraz dziennik tygodnik "
        "wydanie informacje aktualnosci portal pilne prawda"
    ),
    "Ukrainian": (
        "novyny novini polityka svit sport ekonomika kultura sohodni syohodni hazeta "
        "visti info pravda"
    ),
    "Russian": (
        "politika mir sport ekonomika kultura segodnya seichas gazeta vesti pravda "
        "izvestiya"
    ),
    ACCOUNT: (
        "login signin logon signon account accounts verify verification confirm secure "
        "security password recovery unlock support help service billing pay payment wallet "
        "auth webmail update updates"
    ),
}
"""Per language, the words beside a brand that make the name look like the brand's own:
sections, editions, news and truth words; ``ACCOUNT``: the words of phishing kits'
combosquats (Kintis et al., Hiding in Plain Sight, 2017). ``COMBO_WORDS`` are read for any
brand and are not repeated here."""

TITLES = frozenset(
    "journal post herald tribune express review weekly reporter insider times magazine mag "
    "zeitung tagblatt tageblatt blatt dagblad krant giornale quotidiano diario periodico "
    "jornal revista rivista dziennik tygodnik gazeta hazeta izvestiya network channel".split()
)
"""Words that outlets take as the second half of their own title (Foreign Policy Journal,
Huffington Post, Sunday Express): glued to a name they make a new title, not a page of the
brand; written with a hyphen they still read as a word added to it."""

LANGUAGES = {
    "DE": ("German",), "AT": ("German",), "LI": ("German",),
    "CH": ("German", "French", "Italian"), "LU": ("French", "German"),
    "FR": ("French",), "MC": ("French",), "BE": ("French", "Dutch"), "NL": ("Dutch",),
    "IT": ("Italian",), "SM": ("Italian",), "ES": ("Spanish",), "MX": ("Spanish",),
    "AR": ("Spanish",), "CO": ("Spanish",), "CL": ("Spanish",), "PE": ("Spanish",),
    "PT": ("Portuguese",), "BR": ("Portuguese",), "PL": ("Polish",),
    "UA": ("Ukrainian", "Russian"), "RU": ("Russian",), "BY": ("Russian",),
    "KZ": ("Russian",), "LV": ("Russian",), "EE": ("Russian",), "LT": ("Russian",),
    "MD": ("Russian",), "CA": ("French",),
}  # fmt: skip
"""Languages of a market besides English, as far as its outlets' clones use them (the
Baltic outlets' Russian-language editions were cloned in Russian)."""

ALWAYS = (ENGLISH, ACCOUNT)
"""Read beside any brand: English is every market's second language on the web, and the
account words are the same everywhere."""


@functools.cache
def _by_word() -> dict[str, tuple[str, ...]]:
    """Each word and the languages that have it (sport is in most)."""
    found: dict[str, list[str]] = {}
    for language, words in NEWS_WORDS.items():
        for word in words.split():
            found.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in found.items()}


def words() -> frozenset[str]:
    """Every listed word, of any language."""
    return frozenset(_by_word())


def read_in(word: str, country: str | None) -> str | None:
    """The language in which ``word`` dresses a brand of ``country``'s market (its own
    languages first, then English, then the account words), or None where no reader there
    would take it for the brand's own word. Not cached: the words come from the names
    judged, which a bulk run has millions of."""
    languages = _by_word().get(word)
    if languages is None:
        return None
    for language in (*LANGUAGES.get(country or "", ()), *ALWAYS):
        if language in languages:
            return language
    return None


CREDENTIAL_WORDS = frozenset(NEWS_WORDS[ACCOUNT].split())
"""The credential words: what phishing and spyware lures write beside a platform's or a
brand's name (github-login, paypal-verify, whatsapp-update). In the real data there is no
legitimate domain that puts one of these, with a hyphen, beside a listed brand's name, but
defense-update.com, a defence magazine, where update is a news word: ``update`` and
``updates`` are credential words beside the name of software, a platform's or a popular
site's (the fake app update of spyware lures), and news words beside any other
(``credential``)."""
SOFTWARE_CATEGORIES = frozenset({"platform", "popular"})
OUTLET_CATEGORIES = frozenset({"news", "broadcaster", "agency", "user"})
"""Categories of outlets (``model.OUTLETS``): curated news, broadcasters and agencies, the
known-outlet tier, and ``--brands`` entries, which the user protects."""
CREDENTIAL_HINT = "a credential word of phishing pages (login, verify, account)"
NEWS_UPDATES = frozenset({"update", "updates"})


def credential(word: str, category: str | None) -> bool:
    """``word`` is a credential word beside the name of a brand of ``category``."""
    return word in CREDENTIAL_WORDS and (
        word not in NEWS_UPDATES or category in SOFTWARE_CATEGORIES
    )


def described(word: str, language: str) -> str:
    """How a sentence names the word: "'politik', a German news word"."""
    if language == ACCOUNT:
        return f"'{word}', {CREDENTIAL_HINT}"
    return f"'{word}', {_article(language)} {language} news word (a section, edition or headline)"


def _article(language: str) -> str:
    """"an English", "an Italian", but "a Ukrainian" (said with a y)."""
    return "an" if language[0] in "AEIO" else "a"
