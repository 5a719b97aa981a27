#!/usr/bin/env python3
"""Derive the Crossdock sandbox seed data from the UCI "Online Retail" sample.

Reads the 20k-line sample CSV (UCI "Online Retail", Daqing Chen 2015, CC BY 4.0,
https://doi.org/10.24432/C5BW33) and writes two files into
Sources/CrossdockSandbox/Resources/:

  seed-catalog.json  products (simple products and families with variants),
                     retail prices in pence, invented stock levels
  seed-orders.json   every valid invoice as an order with made-up buyers

The output is a derived work: lines are filtered, codes grouped, titles
re-cased, buyers and addresses are fictional and stock levels are invented.
See docs/demo-data.md for the rules.

Standard library only. Deterministic: the same input always gives
byte-identical output (no clocks, no hash-seed dependence, seeded randomness).

Usage: python3 tools/derive_seed.py [--source CSV] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

REPO_ROOT = Path(__file__).resolve().parent.parent
# The shared data folder sits beside the repository.
DEFAULT_SOURCE = Path(__file__).resolve().parent.parent.parent / "shared/data/online-retail/online_retail_sample_20k.csv"
DEFAULT_OUT_DIR = REPO_ROOT / "Sources" / "CrossdockSandbox" / "Resources"

EXPECTED_COLUMNS = [
    "InvoiceNo", "StockCode", "Description", "Quantity",
    "InvoiceDate", "UnitPrice", "CustomerID", "Country",
]

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc

# A product code is five digits, optionally followed by letters (85099B, 15056BL).
PRODUCT_CODE = re.compile(r"^[0-9]{5}[A-Za-z]*$")

# Exclusion categories, in the order they are tested; a line lands in the first
# that applies.
CATEGORIES = [
    "cancelled_invoice",      # InvoiceNo starts with C
    "non_product_code",       # POST, DOT, M, D, C2, S, BANK CHARGES, gift_0001_*, ...
    "non_positive_quantity",  # quantity <= 0 (returns, "damaged", stock adjustments)
    "non_positive_price",     # price <= 0 pence after rounding (free / adjustment lines)
    "service_description",    # product-shaped code whose lines never carry a product
                              # description, only notes such as "Next Day Carriage"
]

# ---------------------------------------------------------------------------
# Colours
# ---------------------------------------------------------------------------

# Words treated as colours. Deliberately left out although they name colours
# elsewhere: ROSE (mostly "English Rose" designs), CHOCOLATE, LAVENDER, VANILLA
# (scents and flavours in this catalogue).
COLOURS = frozenset("""
    RED BLUE PINK WHITE IVORY GREEN BLACK YELLOW ORANGE PURPLE GREY GRAY BROWN
    CREAM GOLD SILVER TURQUOISE TURQ TEAL LILAC MINT AQUA NAVY BEIGE COPPER BRONZE
    FUCHSIA FUSCHIA MAGENTA PEACH NATURAL CLEAR AMBER JADE RUBY SAGE LIME KHAKI
    CORAL CHARCOAL PEWTER MULTICOLOUR VIOLET SCARLET CRIMSON OLIVE BURGUNDY
    LEMON PISTACHIO RASPBERRY AMETHYST JET NIL NILE
""".split())
# Words that may accompany a colour inside a colour phrase ("HOT PINK",
# "SKY BLUE", "EAU DE NIL", "BLACK & WHITE").
COLOUR_MODIFIERS = frozenset("""
    LIGHT DARK PALE SOFT HOT BABY SKY PASTEL BRIGHT DEEP ROSE MINT COAL
    EAU DE AND &
""".split())

# ---------------------------------------------------------------------------
# Title case
# ---------------------------------------------------------------------------

ACRONYMS = frozenset("ABC CD DVD LED TV UK US USA VIP WC".split())
SMALL_WORDS = frozenset(
    "a an and as at but by de du en for from in into la le les of on or "
    "the to w with".split()
)
ABBREVIATIONS = {"ASS": "Assorted"}
UNITS = frozenset("cm cmx mm m g kg ml l x pc pcs".split())

_ALPHA_RUN = re.compile(r"[A-Za-z]+")


def clean_description(raw: str) -> str:
    """Trim, collapse inner whitespace, tidy stray commas."""
    text = " ".join(raw.split())
    text = text.replace(" ,", ",")
    text = re.sub(r",(?=[A-Za-z])", ", ", text)   # "TEA,COFFEE" -> "TEA, COFFEE"
    text = text.rstrip(", ").strip()
    # A lone trailing full stop ("BLACK SKULL.") goes; abbreviations ("D.O.F.") stay.
    if text.endswith(".") and "." not in text.split()[-1][:-1]:
        text = text[:-1].rstrip()
    return text


def is_junk_description(text: str) -> bool:
    """Warehouse notes such as "check", "damaged", "?" never become titles.

    Real descriptions in this data set are upper case; a note is written in
    lower or sentence case, or has no letters at all.
    """
    upper = sum(1 for c in text if c.isupper())
    lower = sum(1 for c in text if c.islower())
    return upper == 0 or lower > upper


def _case_token(token: str, first: bool) -> str:
    bare = token.upper()
    if bare in ABBREVIATIONS:
        return ABBREVIATIONS[bare]
    if bare in ACRONYMS:
        return bare
    if not first and token.lower() in SMALL_WORDS:
        return token.lower()

    def fix(match: re.Match) -> str:
        run = match.group(0)
        start = match.start()
        prev = token[start - 1] if start > 0 else ""
        if prev == "'":                      # CHILDREN'S -> Children's
            return run.lower()
        if prev.isdigit():                   # 125g, 45x30cm, 18PC -> 18pc, 3D stays
            if run.lower() in UNITS:
                return run.lower()
            return run[0].upper() + run[1:].lower()
        if run.upper() in ACRONYMS:
            return run.upper()
        return run[0].upper() + run[1:].lower()

    return _ALPHA_RUN.sub(fix, token)


def title_case(text: str) -> str:
    words = text.split()
    return " ".join(_case_token(w, i == 0) for i, w in enumerate(words))


# ---------------------------------------------------------------------------
# Countries and made-up buyers
# ---------------------------------------------------------------------------

COUNTRY_CODES = {
    "Australia": "AU", "Austria": "AT", "Bahrain": "BH", "Belgium": "BE",
    "Brazil": "BR", "Canada": "CA", "Channel Islands": "JE", "Cyprus": "CY",
    "Czech Republic": "CZ", "Denmark": "DK", "EIRE": "IE",
    "European Community": "GB", "Finland": "FI", "France": "FR",
    "Germany": "DE", "Greece": "GR", "Hong Kong": "HK", "Iceland": "IS",
    "Israel": "IL", "Italy": "IT", "Japan": "JP", "Lebanon": "LB",
    "Lithuania": "LT", "Malta": "MT", "Netherlands": "NL", "Norway": "NO",
    "Poland": "PL", "Portugal": "PT", "RSA": "ZA", "Saudi Arabia": "SA",
    "Singapore": "SG", "Spain": "ES", "Sweden": "SE", "Switzerland": "CH",
    "USA": "US", "United Arab Emirates": "AE", "United Kingdom": "GB",
    "Unspecified": "GB",
}

UPPER = "ABCDEFGHJLNPQRSTUWXYZ"  # letters usable in UK-style inward codes


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _gb_postcode(rng: random.Random, area: str) -> str:
    return f"{area}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice(UPPER)}{rng.choice(UPPER)}"


def _je_postcode(rng: random.Random, area: str) -> str:
    return f"JE{rng.randint(1, 4)} {rng.randint(1, 9)}{rng.choice(UPPER)}{rng.choice(UPPER)}"


def _eircode(rng: random.Random, key: str) -> str:
    alphabet = "ACDEFHKNPRTVWXY0123456789"
    return f"{key} " + "".join(rng.choice(alphabet) for _ in range(4))


def _prefix_digits(total: int):
    def make(rng: random.Random, prefix: str) -> str:
        return prefix + _digits(rng, total - len(prefix))
    return make


def _nl_postcode(rng: random.Random, prefix: str) -> str:
    return f"{prefix}{_digits(rng, 2)} {rng.choice('BCEGHJKLMNPRTVWXZ')}{rng.choice('BCEGHJKLMNPRTVWXZ')}"


def _pt_postcode(rng: random.Random, prefix: str) -> str:
    head = (prefix + _digits(rng, 4 - len(prefix)))
    return f"{head}-{_digits(rng, 3)}"


def _au_postcode(rng: random.Random, prefix: str) -> str:
    return str(int(prefix) + rng.randint(0, 99))


def _street_first(street: str, number: int) -> str:
    return f"{street} {number}"


def _number_first(street: str, number: int) -> str:
    return f"{number} {street}"


def _street_comma(street: str, number: int) -> str:
    return f"{street}, {number}"


# Small invented locale kits: (first names, surnames, streets, address style,
# [(city, postal key)], postal code maker). Names, streets and cities are common
# words of the country; the combinations are fictional.
LOCALES = {
    "GB": (
        "Oliver Amelia Harry Isla George Emily Jack Sophie Thomas Grace James Lucy "
        "William Charlotte Daniel Hannah Alfie Ella Joshua Freya Samuel Poppy Henry "
        "Ruby Edward Chloe Matthew Megan Benjamin Holly".split(),
        "Smith Jones Taylor Brown Wilson Evans Roberts Walker Wright Hughes Green "
        "Hall Wood Clarke Turner Baker Harris Lewis Robinson Thompson Fletcher Cooper "
        "Ward Morris Price Bennett Griffiths Marshall Palmer Barnes".split(),
        ["High Street", "Church Lane", "Station Road", "Mill Lane", "Victoria Road",
         "Park Avenue", "Queen Street", "The Green", "Orchard Close", "Kings Road"],
        _number_first,
        [("Leeds", "LS"), ("Bristol", "BS"), ("Manchester", "M"), ("Norwich", "NR"),
         ("York", "YO"), ("Exeter", "EX"), ("Nottingham", "NG"), ("Brighton", "BN"),
         ("Cardiff", "CF"), ("Edinburgh", "EH")],
        _gb_postcode,
    ),
    "DE": (
        "Lukas Anna Felix Lena Jonas Marie Paul Sophie Maximilian Laura Jan "
        "Katharina".split(),
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schulz "
        "Koch Richter".split(),
        ["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Lindenweg", "Schulstraße",
         "Bergstraße", "Am Markt", "Rosenweg"],
        _street_first,
        [("Berlin", "10"), ("Hamburg", "20"), ("München", "80"), ("Köln", "50"),
         ("Frankfurt am Main", "60"), ("Stuttgart", "70"), ("Leipzig", "04"),
         ("Freiburg im Breisgau", "79")],
        _prefix_digits(5),
    ),
    "FR": (
        "Camille Lucas Manon Hugo Léa Louis Chloé Gabriel Inès Jules Emma "
        "Arthur".split(),
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon "
        "Laurent".split(),
        ["rue de la République", "rue Victor Hugo", "avenue Jean Jaurès",
         "rue du Moulin", "place de l'Église", "boulevard Pasteur", "rue des Écoles"],
        _number_first,
        [("Paris", "750"), ("Lyon", "6900"), ("Marseille", "130"), ("Nantes", "440"),
         ("Bordeaux", "330"), ("Lille", "590"), ("Toulouse", "310"),
         ("Strasbourg", "670")],
        _prefix_digits(5),
    ),
    "IE": (
        "Seán Aoife Conor Niamh Cian Ciara Darragh Saoirse Patrick Sinéad Liam "
        "Róisín".split(),
        ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien",
         "Doyle", "McCarthy", "O'Connor", "Kennedy", "Lynch"],
        ["Main Street", "Church Road", "Strand Road", "Bridge Street",
         "Castle Street", "Harbour View", "Abbey Road"],
        _number_first,
        [("Dublin", "D04"), ("Dublin", "D08"), ("Cork", "T12"), ("Galway", "H91"),
         ("Limerick", "V94"), ("Waterford", "X91"), ("Kilkenny", "R95"),
         ("Sligo", "F91")],
        _eircode,
    ),
    "ES": (
        "Lucía Hugo Martina Daniel Sofía Pablo María Alejandro Paula Javier Carmen "
        "Diego".split(),
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez "
        "Martín Ruiz Díaz".split(),
        ["Calle Mayor", "Calle Real", "Avenida de la Constitución", "Calle del Sol",
         "Plaza de España", "Calle de la Iglesia", "Calle Nueva"],
        _street_comma,
        [("Madrid", "28"), ("Barcelona", "08"), ("Valencia", "46"), ("Sevilla", "41"),
         ("Málaga", "29"), ("Bilbao", "48"), ("Zaragoza", "50")],
        _prefix_digits(5),
    ),
    "NL": (
        "Daan Emma Sem Julia Lucas Tess Finn Sophie Milan Anna Bram Lotte".split(),
        ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker",
         "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"],
        ["Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Stationsweg",
         "Julianastraat", "Beatrixlaan"],
        _street_first,
        [("Amsterdam", "10"), ("Rotterdam", "30"), ("Utrecht", "35"),
         ("Den Haag", "25"), ("Groningen", "97"), ("Eindhoven", "56"),
         ("Haarlem", "20")],
        _nl_postcode,
    ),
    "CH": (
        "Noah Mia Luca Lea Leon Elena David Sara Nico Nina Samuel Laura".split(),
        "Müller Meier Schmid Keller Weber Huber Schneider Meyer Steiner Fischer "
        "Gerber Brunner".split(),
        ["Bahnhofstrasse", "Dorfstrasse", "Hauptstrasse", "Kirchweg", "Seestrasse",
         "Rosenweg", "Schulhausstrasse"],
        _street_first,
        [("Zürich", "80"), ("Bern", "30"), ("Basel", "40"), ("Luzern", "60"),
         ("Winterthur", "84"), ("St. Gallen", "90")],
        _prefix_digits(4),
    ),
    "BE": (
        "Lucas Emma Louis Olivia Noah Louise Arthur Mila Jules Elena Victor "
        "Marie".split(),
        ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes",
         "Goossens", "Wouters", "De Smet", "Hermans", "Dubois"],
        ["Kerkstraat", "Stationsstraat", "Dorpsstraat", "Molenstraat", "Nieuwstraat",
         "Schoolstraat", "Kapelstraat"],
        _street_first,
        [("Antwerpen", "20"), ("Gent", "90"), ("Brugge", "80"), ("Leuven", "30"),
         ("Mechelen", "28"), ("Hasselt", "35")],
        _prefix_digits(4),
    ),
    "PT": (
        "João Maria Francisco Beatriz Tiago Inês Rodrigo Leonor Miguel Carolina "
        "Diogo Mariana".split(),
        "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa "
        "Fernandes Gonçalves Gomes".split(),
        ["Rua Direita", "Rua da Igreja", "Avenida da Liberdade", "Rua do Comércio",
         "Rua das Flores", "Rua Nova", "Travessa do Carmo"],
        _street_comma,
        [("Lisboa", "1"), ("Porto", "4"), ("Coimbra", "30"), ("Braga", "47"),
         ("Faro", "80"), ("Aveiro", "38")],
        _pt_postcode,
    ),
    "AU": (
        "Jack Charlotte William Olivia Noah Ava Thomas Mia Lachlan Chloe Ethan "
        "Ruby".split(),
        "Smith Jones Williams Brown Wilson Taylor Nguyen Johnson Martin White "
        "Anderson Walker".split(),
        ["George Street", "King Street", "Beach Road", "Station Street",
         "Victoria Parade", "Bay Road", "Church Street"],
        _number_first,
        [("Sydney", "2000"), ("Melbourne", "3000"), ("Brisbane", "4000"),
         ("Perth", "6000"), ("Adelaide", "5000"), ("Hobart", "7000")],
        _au_postcode,
    ),
    "NO": (
        "Jakob Nora Emil Emma Noah Sofie Oskar Ingrid Lukas Sara Filip Maja".split(),
        "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen "
        "Karlsen Johnsen Berg".split(),
        ["Storgata", "Kirkeveien", "Skolegata", "Strandveien", "Parkveien",
         "Bakkegata", "Sjøgata"],
        _street_first,
        [("Oslo", "04"), ("Bergen", "50"), ("Trondheim", "70"), ("Stavanger", "40"),
         ("Tromsø", "90"), ("Kristiansand", "46")],
        _prefix_digits(4),
    ),
    "JE": (
        "Oliver Amelia Harry Isla George Emily Jack Sophie Thomas Grace".split(),
        ["Le Sueur", "Le Brocq", "Renouf", "de Gruchy", "Le Cornu", "Vibert",
         "Le Maistre", "Falle", "Pallot", "Amy"],
        ["La Grande Route", "Rue de la Vallée", "La Rue du Moulin", "Le Clos du Pré",
         "Bath Street", "La Route de la Côte"],
        _number_first,
        [("St Helier", "JE"), ("St Saviour", "JE"), ("St Clement", "JE"),
         ("St Brelade", "JE"), ("Trinity", "JE"), ("Grouville", "JE")],
        _je_postcode,
    ),
}

# Fallback for every other country: neutral names, a generic street, the
# capital (or main city) and a postal code in the country's usual shape.
FALLBACK_NAMES = (
    "Alex Sam Maria Daniel Anna David Laura Michael Sara Thomas Elena Adam".split(),
    "Novak Rossi Cohen Berg Costa Weiss Petrov Lind Andersen Morel Santos "
    "Lee".split(),
)
FALLBACK_STREETS = ["Market Street", "Central Avenue", "Harbour Road", "Park Lane",
                    "Garden Street", "River Road"]


def _pattern(rng: random.Random, pattern: str) -> str:
    """'#' = digit, '@' = upper-case letter, anything else literal."""
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(rng.choice("0123456789"))
        elif ch == "@":
            out.append(rng.choice(UPPER))
        else:
            out.append(ch)
    return "".join(out)


FALLBACK_PLACES = {
    "AE": ("Dubai", "00000"), "AT": ("Wien", "1##0"), "BH": ("Manama", "3##"),
    "BR": ("São Paulo", "0####-###"), "CA": ("Toronto", "M#@ #@#"),
    "CY": ("Nicosia", "1###"), "CZ": ("Praha", "1## 00"), "DK": ("København", "1###"),
    "FI": ("Helsinki", "00#00"), "GR": ("Athens", "1## ##"),
    "HK": ("Hong Kong", "999077"), "IL": ("Tel Aviv", "6######"),
    "IS": ("Reykjavík", "1#1"), "IT": ("Roma", "001##"), "JP": ("Tokyo", "1##-####"),
    "LB": ("Beirut", "11## ####"), "LT": ("Vilnius", "LT-0####"),
    "MT": ("Valletta", "VLT ####"), "PL": ("Warszawa", "0#-###"),
    "SA": ("Riyadh", "1####"), "SE": ("Stockholm", "1## ##"),
    "SG": ("Singapore", "######"), "US": ("Portland", "972##"),
    "ZA": ("Cape Town", "8###"),
}


def _rng_for(key: str) -> random.Random:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def make_name(person_key: str, country_code: str) -> str:
    rng = _rng_for("name:" + person_key)
    if country_code in LOCALES:
        firsts, surnames = LOCALES[country_code][0], LOCALES[country_code][1]
    else:
        firsts, surnames = FALLBACK_NAMES
    return f"{rng.choice(firsts)} {rng.choice(surnames)}"


def make_address(address_key: str, country_code: str) -> dict:
    rng = _rng_for("address:" + address_key)
    number = rng.randint(1, 180)
    if country_code in LOCALES:
        _, _, streets, style, cities, postal = LOCALES[country_code]
        street = rng.choice(streets)
        city, key = rng.choice(cities)
        line1 = style(street, number)
        postal_code = postal(rng, key)
    else:
        street = rng.choice(FALLBACK_STREETS)
        city, pattern = FALLBACK_PLACES.get(country_code, ("Capital City", "#####"))
        line1 = _number_first(street, number)
        postal_code = _pattern(rng, pattern)
    return {"address_line1": line1, "city": city, "postal_code": postal_code,
            "country_code": country_code}


# ---------------------------------------------------------------------------
# Reading and classifying lines
# ---------------------------------------------------------------------------


class DataError(Exception):
    pass


def to_pence(raw: str) -> tuple[int, bool]:
    """GBP string -> integer pence (half-even). Returns (pence, was_rounded)."""
    try:
        value = Decimal(raw.strip())
    except InvalidOperation as exc:
        raise DataError(f"unreadable price {raw!r}") from exc
    if not value.is_finite():
        raise DataError(f"unreadable price {raw!r}")
    scaled = value * 100
    pence = scaled.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return int(pence), pence != scaled


def to_utc(raw: str) -> tuple[str, str]:
    """'2011-03-10 16:16:00' UK local -> ('2011-03-10T16:16:00Z', note)."""
    try:
        local = dt.datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError as exc:
        raise DataError(f"unreadable date {raw!r}") from exc
    aware = local.replace(tzinfo=LONDON)
    note = ""
    # Detect times that do not exist (spring gap) or exist twice (autumn fold).
    roundtrip = aware.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    if roundtrip != local:
        note = "nonexistent"
    elif aware.replace(fold=1).utcoffset() != aware.utcoffset():
        note = "ambiguous"
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), note


def read_lines(path: Path):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != EXPECTED_COLUMNS:
            raise DataError(f"unexpected columns {reader.fieldnames}")
        for number, row in enumerate(reader, start=2):
            yield number, row


def code_key(code: str) -> str:
    """SKU used after merging case variants (85099b -> 85099B)."""
    return code.upper() if PRODUCT_CODE.match(code) else code


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------

PLACEHOLDER = "\x00"
CONJUNCTIONS = frozenset({"AND", "&", "+"})
# Colour words that also name a material ("ANT COPPER TURQ BRACELET"); they
# join a neighbouring colour only through a conjunction.
METALS = frozenset("GOLD SILVER COPPER BRONZE PEWTER".split())
# Words that may stand before a colour in a colour phrase ("HOT PINK").
COLOUR_PREFIXES = frozenset("LIGHT DARK PALE SOFT HOT BABY SKY DEEP BRIGHT COAL".split())
# Tokens that make no sense at the edge of a name or option value
# ("& White Breakfast Tray", "Blue with", "+ Biscuits").
EDGE_WORDS = frozenset({"&", "+", "/", "-", "AND", "W", "WITH", "IN", "OF", "ON"})


def _is_colour_token(token: str) -> bool:
    parts = [p for p in re.split(r"[/+&]", token) if p]
    return bool(parts) and all(p in COLOURS for p in parts)


def is_colour_phrase(words: list[str]) -> bool:
    if not words or len(words) > 3:
        return False
    has_colour = False
    for word in words:
        if _is_colour_token(word):
            has_colour = True
        elif word not in COLOUR_MODIFIERS:
            return False
    return has_colour


def trim_edges(words: list[str]) -> list[str]:
    """Drop connector words and stray punctuation at both ends."""
    words = list(words)
    while True:
        before = list(words)
        if words:
            words[0] = words[0].lstrip(",.;:&+/-")
            words[-1] = words[-1].rstrip(",.;:&+/-")
        words = [w for w in words if w]
        while words and words[0] in EDGE_WORDS:
            words.pop(0)
        while words and words[-1] in EDGE_WORDS:
            words.pop()
        if words == before:
            return words


def common_and_differences(descs: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Multiset of words shared by all descriptions; each one's leftover words."""
    common = Counter(descs[0])
    for words in descs[1:]:
        common &= Counter(words)
    # The parent's word order follows the first member.
    budget = Counter(common)
    common_words = []
    for word in descs[0]:
        if budget[word] > 0:
            common_words.append(word)
            budget[word] -= 1
    diffs = []
    for words in descs:
        budget = Counter(common)
        rest = []
        for word in words:
            if budget[word] > 0:
                budget[word] -= 1
            else:
                rest.append(word)
        diffs.append(rest)
    return common_words, diffs


def colour_swap_position(descs: list[list[str]]) -> int | None:
    """Index of the only word that differs, if every member has a colour there."""
    if len({len(d) for d in descs}) != 1:
        return None
    positions = [i for i in range(len(descs[0])) if len({d[i] for d in descs}) > 1]
    if len(positions) != 1:
        return None
    i = positions[0]
    if all(_is_colour_token(d[i]) for d in descs):
        return i
    return None


def colour_phrase_span(key: list[str], i: int) -> tuple[int, int]:
    """Widen the colour slot at key[i] over shared colour words next to it.

    "PINK & WHITE BREAKFAST TRAY" / "BLUE & WHITE ..." -> slot covers "_ & WHITE",
    so the values read "Pink & White" and the parent "Breakfast Tray".
    """
    start, end = i, i + 1
    while True:
        if end + 1 < len(key) and key[end] in CONJUNCTIONS and _is_colour_token(key[end + 1]):
            end += 2
        elif end < len(key) and _is_colour_token(key[end]) and key[end] not in METALS:
            end += 1
        elif start >= 2 and key[start - 1] in CONJUNCTIONS and _is_colour_token(key[start - 2]):
            start -= 2
        elif start >= 1 and ((_is_colour_token(key[start - 1]) and key[start - 1] not in METALS)
                             or key[start - 1] in COLOUR_PREFIXES):
            start -= 1
        else:
            return start, end


def colour_labels(descs: list[list[str]], i: int) -> tuple[list[str], list[str]]:
    """(option values, parent words) for descriptions that differ at index i only."""
    key = list(descs[0])
    key[i] = PLACEHOLDER
    start, end = colour_phrase_span(key, i)
    values = [title_case(" ".join(d[start:end])) for d in descs]
    parent = trim_edges(key[:start] + key[end:])
    return values, parent


def label_stem_family(stem: str, members: list[str], titles: dict[str, str], stats: Counter):
    """Option name, {sku: value}, parent name for a stem family."""
    descs = [titles[m].upper().split() for m in members]
    suffix = {m: m[len(stem):] for m in members}

    def style_fallback(member: str) -> str:
        return "Style " + suffix[member] if suffix[member] else "Style Standard"

    position = colour_swap_position(descs)
    if position is not None:
        option = "Color"
        value_list, common = colour_labels(descs, position)
        values = dict(zip(members, value_list))
    else:
        common, diffs = common_and_differences(descs)
        common = trim_edges(common)
        diffs = [trim_edges(d) for d in diffs]
        option = "Color" if all(is_colour_phrase(d) for d in diffs) else "Style"
        values = {}
        for member, diff in zip(members, diffs):
            values[member] = title_case(" ".join(diff)) if diff else style_fallback(member)
    counts = Counter(v.lower() for v in values.values())
    if any(n > 1 for n in counts.values()):
        stats["families_with_label_collisions"] += 1
        option = "Style"
        for member in members:
            if counts[values[member].lower()] > 1:
                values[member] = style_fallback(member)
        if len({v.lower() for v in values.values()}) < len(values):
            values = {m: style_fallback(m) for m in members}
    if common:
        parent_name = title_case(" ".join(common))
    else:
        stats["families_without_common_words"] += 1
        parent_name = title_case(" ".join(trim_edges(titles[members[0]].split())))
    return option, values, parent_name


def find_colour_families(candidates: list[str], titles: dict[str, str]):
    """Groups of codes whose titles differ only by one colour word at one position.

    Returns [(members, {sku: value}, parent words)].
    """
    groups: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
    for code in candidates:
        words = titles[code].upper().split()
        for i, word in enumerate(words):
            if word in COLOURS and len(words) > 1:
                key = tuple(words[:i]) + (PLACEHOLDER,) + tuple(words[i + 1:])
                groups[key].append((code, word))
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), " ".join(kv[0])))
    taken: set[str] = set()
    families = []
    for key, entries in ordered:
        chosen: dict[str, str] = {}  # colour -> code (lowest code wins a colour)
        for code, colour in sorted(entries):
            if code in taken or colour in chosen:
                continue
            chosen[colour] = code
        if len(chosen) < 2:
            continue
        members = sorted(chosen.values())
        taken.update(members)
        descs = [titles[m].upper().split() for m in members]
        values, parent_words = colour_labels(descs, key.index(PLACEHOLDER))
        families.append((members, dict(zip(members, values)), parent_words))
    return families


# ---------------------------------------------------------------------------
# Main derivation
# ---------------------------------------------------------------------------


def derive(source: Path):
    stats: Counter = Counter()
    excluded_lines = Counter()
    excluded_codes: dict[str, set] = defaultdict(set)
    spellings: dict[str, set] = defaultdict(set)
    # (invoice, sku, description, quantity, pence, utc, customer, country, rounded)
    valid = []

    for number, row in read_lines(source):
        stats["lines_read"] += 1
        invoice = row["InvoiceNo"].strip()
        raw_code = row["StockCode"].strip()
        code = code_key(raw_code)
        try:
            quantity = int(row["Quantity"])
        except ValueError as exc:
            raise DataError(f"line {number}: unreadable quantity {row['Quantity']!r}") from exc
        pence, rounded = to_pence(row["UnitPrice"])

        if invoice.upper().startswith("C"):
            category = "cancelled_invoice"
        elif not PRODUCT_CODE.match(raw_code):
            category = "non_product_code"
        elif quantity <= 0:
            category = "non_positive_quantity"
        elif pence <= 0:
            category = "non_positive_price"
        else:
            category = None
        if category:
            excluded_lines[category] += 1
            excluded_codes[category].add(code)
            continue

        if not invoice.isdigit():
            raise DataError(f"line {number}: unexpected invoice number {invoice!r}")
        placed_at, note = to_utc(row["InvoiceDate"])
        if note:
            stats[f"{note}_local_times"] += 1
        spellings[code].add(raw_code)
        valid.append((invoice, code, clean_description(row["Description"]), quantity,
                      pence, placed_at, row["CustomerID"].strip(), row["Country"].strip(),
                      rounded))

    # Product-shaped codes that only ever carry a note-style description are
    # service lines, not goods (23444 "Next Day Carriage" in the 20k sample).
    described = {line[1] for line in valid
                 if line[2] and not is_junk_description(line[2])}
    kept = []
    for line in valid:
        if line[1] in described:
            kept.append(line)
        else:
            excluded_lines["service_description"] += 1
            excluded_codes["service_description"].add(line[1])
    valid = kept
    stats["rounded_prices"] = sum(1 for line in valid if line[8])
    spellings = {code: s for code, s in spellings.items() if code in described}
    stats["valid_lines"] = len(valid)
    case_merged = sum(len(s) - 1 for s in spellings.values())
    stats["lower_case_only_codes"] = sum(
        1 for code, s in spellings.items() if code not in s)

    # --- per-SKU aggregates -------------------------------------------------
    desc_counts: dict[str, Counter] = defaultdict(Counter)
    price_counts: dict[str, Counter] = defaultdict(Counter)
    demand: Counter = Counter()
    for invoice, sku, desc, qty, pence, *_ in valid:
        if desc and not is_junk_description(desc):
            desc_counts[sku][desc] += 1
        else:
            stats["junk_descriptions_on_valid_lines"] += 1
        price_counts[sku][pence] += 1
        demand[sku] += qty

    skus = sorted(price_counts)
    titles = {}
    prices = {}
    for sku in skus:
        if desc_counts[sku]:
            desc = min(desc_counts[sku].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            titles[sku] = title_case(desc)
        else:
            titles[sku] = f"Item {sku}"
            stats["untitled_codes"] += 1
        if len(desc_counts[sku]) > 1:
            stats["codes_with_several_descriptions"] += 1
        # Most common price; on a tie the higher one (bulk prices are the lower).
        prices[sku] = max(price_counts[sku].items(), key=lambda kv: (kv[1], kv[0]))[0]
        if len(price_counts[sku]) > 1:
            stats["codes_with_several_prices"] += 1

    # --- families -----------------------------------------------------------
    by_stem: dict[str, list[str]] = defaultdict(list)
    for sku in skus:
        by_stem[sku[:5]].append(sku)
    families = []  # (parent_sku, parent_name, option, [(sku, value)], kind)
    in_family: set[str] = set()
    for stem in sorted(by_stem):
        members = by_stem[stem]
        if len(members) < 2:
            continue
        option, values, parent_name = label_stem_family(stem, members, titles, stats)
        families.append(("FAM-" + stem, parent_name, option,
                         [(m, values[m]) for m in members], "stem"))
        in_family.update(members)
    stats["stem_families"] = len(families)

    rest = [sku for sku in skus if sku not in in_family]
    for members, values, parent_words in find_colour_families(rest, titles):
        families.append(("FAM-" + members[0], title_case(" ".join(parent_words)), "Color",
                         [(m, values[m]) for m in members], "colour"))
        in_family.update(members)
        stats["colour_families"] += 1

    # --- stock levels -------------------------------------------------------
    rng = random.Random(42)
    stock = {}
    for sku in skus:  # every sellable SKU, sorted
        need = demand[sku]
        draw = rng.random()
        if draw < 0.02:
            level = 0
            stats["stock_zero"] += 1
        elif draw < 0.14:
            level = max(1, int(need * rng.uniform(0.2, 0.5)))
            stats["stock_sells_out"] += 1
        else:
            level = max(5, int(need * rng.uniform(1.2, 3.0) + 0.5))
            stats["stock_ample"] += 1
        stock[sku] = level

    # --- products -----------------------------------------------------------
    products = []
    for sku in skus:
        if sku in in_family:
            continue
        products.append({"sku": sku, "name": titles[sku], "price": prices[sku],
                         "inventory_level": stock[sku], "variants": []})
    sku_names = {p["sku"] for p in products} | set(skus)
    for parent_sku, parent_name, option, members, _kind in families:
        if parent_sku in sku_names:
            raise DataError(f"family SKU {parent_sku} collides with another SKU")
        sku_names.add(parent_sku)
        variants = [{"sku": m, "price": prices[m], "inventory_level": stock[m],
                     "option_values": [{"option": option, "value": value}]}
                    for m, value in sorted(members)]
        products.append({
            "sku": parent_sku, "name": parent_name,
            "price": min(v["price"] for v in variants),
            "inventory_level": sum(v["inventory_level"] for v in variants),
            "options": [option], "variants": variants,
        })
    products.sort(key=lambda p: p["sku"])

    excluded = {c: {"lines": excluded_lines[c], "codes": len(excluded_codes[c])}
                for c in CATEGORIES}
    excluded["case_merged_codes"] = case_merged
    excluded["rounded_prices"] = stats["rounded_prices"]
    valid_codes = set(skus)
    stats["excluded_codes_never_valid"] = len(
        set().union(*excluded_codes.values()) - valid_codes)

    catalog = {
        "source": {"dataset": "UCI Online Retail", "licence": "CC BY 4.0",
                   "doi": "10.24432/C5BW33", "derived_by": "tools/derive_seed.py"},
        "currency": "GBP",
        "excluded": excluded,
        "products": products,
    }

    # --- orders -------------------------------------------------------------
    invoices: dict[str, dict] = {}
    for invoice, sku, desc, qty, pence, placed_at, customer, country, _ in valid:
        entry = invoices.get(invoice)
        if entry is None:
            entry = invoices[invoice] = {"times": set(), "customer": customer,
                                         "country": country, "lines": Counter()}
        elif entry["customer"] != customer or entry["country"] != country:
            stats["invoices_with_mixed_customer_or_country"] += 1
        entry["times"].add(placed_at)
        entry["lines"][(sku, pence)] += qty
    unknown = sorted({e["country"] for e in invoices.values()} - set(COUNTRY_CODES))
    if unknown:
        raise DataError(f"no ISO code for countries {unknown}; extend COUNTRY_CODES")

    for entry in invoices.values():
        if len(entry["times"]) > 1:
            stats["invoices_spanning_minutes"] += 1
        entry["placed_at"] = min(entry["times"])
    ordered = sorted(invoices.items(), key=lambda kv: (kv[1]["placed_at"], kv[0]))

    # A customer's name follows the country of their first invoice.
    home_country: dict[str, str] = {}
    customer_countries: dict[str, set] = defaultdict(set)
    for invoice, entry in ordered:
        if entry["customer"] != "NA":
            home_country.setdefault(entry["customer"], COUNTRY_CODES[entry["country"]])
            customer_countries[entry["customer"]].add(entry["country"])
    stats["customers"] = len(home_country)
    stats["customers_in_several_countries"] = sum(
        1 for s in customer_countries.values() if len(s) > 1)

    orders = []
    for invoice, entry in ordered:
        country_code = COUNTRY_CODES[entry["country"]]
        if entry["customer"] == "NA":
            person = "invoice:" + invoice
            name = make_name(person, country_code)
            stats["orders_without_customer"] += 1
        else:
            person = "customer:" + entry["customer"]
            name = make_name(person, home_country[entry["customer"]])
        buyer = {"name": name}
        buyer.update(make_address(person + "|" + country_code, country_code))
        lines = [{"sku": sku, "quantity": qty, "unit_price": pence}
                 for (sku, pence), qty in sorted(entry["lines"].items())]
        stats["order_lines"] += len(lines)
        orders.append({"invoice": invoice, "placed_at": entry["placed_at"],
                       "country": entry["country"], "country_code": country_code,
                       "buyer": buyer, "lines": lines})
    stats["duplicate_lines_merged"] = len(valid) - stats["order_lines"]

    all_invoices = set()
    for _number, row in read_lines(source):
        all_invoices.add(row["InvoiceNo"].strip())
    stats["invoices_in_source"] = len(all_invoices)
    stats["cancelled_invoices"] = sum(1 for i in all_invoices if i.upper().startswith("C"))
    stats["invoices_without_valid_lines"] = (
        len(all_invoices) - stats["cancelled_invoices"] - len(orders))

    return catalog, {"currency": "GBP", "orders": orders}, families, stats


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_json(path: Path, head: dict, list_key: str, items: list) -> int:
    """Compact JSON, one list item per line for readable diffs."""
    parts = ["{"]
    for key, value in head.items():
        parts.append(f"{_dumps(key)}:{_dumps(value)},")
    parts.append(f"{_dumps(list_key)}:[")
    parts.append(",\n".join(_dumps(item) for item in items))
    parts.append("]}")
    text = "\n".join(parts) + "\n"
    json.loads(text)  # must parse back
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help=f"Online Retail CSV (default {DEFAULT_SOURCE})")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR,
                        help="directory for seed-catalog.json and seed-orders.json")
    args = parser.parse_args(argv)

    try:
        catalog, orders, families, stats = derive(args.source)
    except (DataError, OSError) as exc:
        print(f"derive_seed: {exc}", file=sys.stderr)
        return 1

    products = catalog["products"]
    catalog_head = {k: v for k, v in catalog.items() if k != "products"}
    orders_head = {k: v for k, v in orders.items() if k != "orders"}
    size_catalog = write_json(args.out_dir / "seed-catalog.json", catalog_head,
                              "products", products)
    size_orders = write_json(args.out_dir / "seed-orders.json", orders_head,
                             "orders", orders["orders"])

    family_count = sum(1 for p in products if p["variants"])
    variant_count = sum(len(p["variants"]) for p in products)
    simple_count = len(products) - family_count
    print(f"source                 {args.source}")
    print(f"lines read             {stats['lines_read']}")
    print(f"valid lines            {stats['valid_lines']}")
    print("excluded:")
    for category in CATEGORIES:
        entry = catalog["excluded"][category]
        print(f"  {category:<22} {entry['lines']:>6} lines {entry['codes']:>5} codes")
    print(f"  case_merged_codes      {catalog['excluded']['case_merged_codes']:>6}")
    print(f"  rounded_prices         {catalog['excluded']['rounded_prices']:>6}")
    print(f"products               {len(products)}"
          f" ({simple_count} simple, {family_count} families)")
    print(f"  stem families        {stats['stem_families']}")
    print(f"  colour families      {stats['colour_families']}")
    print(f"variants               {variant_count}")
    print(f"sellable SKUs          {simple_count + variant_count}")
    print(f"  stock 0 / sells out / ample  "
          f"{stats['stock_zero']} / {stats['stock_sells_out']} / {stats['stock_ample']}")
    print(f"orders                 {len(orders['orders'])}")
    print(f"order lines            {stats['order_lines']}"
          f" ({stats['duplicate_lines_merged']} duplicate lines merged)")
    print(f"customers              {stats['customers']}"
          f" ({stats['orders_without_customer']} orders without customer)")
    print("notes:")
    for key in ["invoices_in_source", "cancelled_invoices", "invoices_without_valid_lines",
                "invoices_spanning_minutes", "invoices_with_mixed_customer_or_country",
                "customers_in_several_countries", "lower_case_only_codes",
                "codes_with_several_descriptions", "codes_with_several_prices",
                "junk_descriptions_on_valid_lines", "untitled_codes",
                "excluded_codes_never_valid", "families_with_label_collisions",
                "families_without_common_words", "nonexistent_local_times",
                "ambiguous_local_times"]:
        print(f"  {key:<40} {stats[key]}")
    print(f"seed-catalog.json      {size_catalog} bytes")
    print(f"seed-orders.json       {size_orders} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
