"""Names for the demo school: a Douala school's mix of Francophone and Anglophone families
from the country's main groups. Every list is a tuple so the generator stays deterministic."""

from __future__ import annotations

# Family names by group.
SURNAMES: dict[str, tuple[str, ...]] = {
    "beti": (
        "Mbarga", "Ebogo", "Fouda", "Essomba", "Owona", "Atangana", "Mballa", "Onana",
        "Ateba", "Mvondo", "Ndzana", "Tsala", "Ondoa", "Mebenga", "Zambo", "Essama",
        "Abena", "Ngono", "Nkolo", "Manga",
    ),
    "bamileke": (
        "Tchoupo", "Kamga", "Fotso", "Nana", "Tchakounté", "Djoumessi", "Kenfack", "Tagne",
        "Talla", "Nguemo", "Kamdem", "Fokou", "Tchinda", "Wafo", "Siewe", "Nzeukou", "Simo",
        "Noubissi", "Feudjio", "Tsafack",
    ),
    "duala": (
        "Ekwalla", "Ebelle", "Dikongue", "Ndoumbe", "Eboa", "Epee", "Kotto", "Moukoko",
        "Ngando", "Elame", "Doumbe", "Essaka", "Priso", "Mbella", "Tokoto",
    ),
    "bassa": (
        "Nyemb", "Bassogog", "Mbock", "Nlend", "Makon", "Song", "Bikoï", "Likeng", "Nkot",
        "Ndjock", "Batoum", "Bassa", "Mbog", "Hiol",
    ),
    "anglophone": (
        "Nkongho", "Tabi", "Fru", "Ndi", "Ayuk", "Ashu", "Tanyi", "Enow", "Ngwa", "Achu",
        "Neba", "Mbah", "Che", "Awah", "Tabe", "Eyong", "Agbor", "Besong", "Tambe", "Nfor",
    ),
    "fulbe": (
        "Hamadou", "Aboubakar", "Bello", "Oumarou", "Issa", "Moussa", "Abdoulaye", "Alim",
        "Haman", "Yaya", "Bouba", "Sali", "Adamou", "Amadou", "Daouda",
    ),
}

# How often each group appears among the families of a school in Douala.
GROUP_WEIGHTS: dict[str, int] = {
    "bamileke": 30, "beti": 20, "duala": 15, "bassa": 15, "anglophone": 12, "fulbe": 8,
}

# Given names by tradition and sex.
_FRANCOPHONE_F = (
    "Marie", "Brigitte", "Sandrine", "Estelle", "Christelle", "Nadège", "Mireille", "Laure",
    "Chantal", "Rosine", "Josiane", "Gisèle", "Vanessa", "Murielle", "Yvette", "Pauline",
    "Clarisse", "Ornella", "Grâce", "Florence", "Léa", "Océane", "Manuella", "Marie-Claire",
)
_FRANCOPHONE_M = (
    "Brice", "Jean-Paul", "Hervé", "Serge", "Franck", "Yannick", "Arnaud", "Cédric", "Landry",
    "Thierry", "Junior", "Boris", "Rodrigue", "Ulrich", "Loïc", "Patrice", "Emmanuel",
    "Stéphane", "Christian", "Joël", "Kévin", "Samuel", "Paul", "Jean-Marie",
)
_ANGLOPHONE_F = (
    "Blessing", "Precious", "Mercy", "Glory", "Favour", "Faith", "Joy", "Comfort", "Gladys",
    "Emilia", "Brenda", "Linda", "Vivian", "Prudence", "Relindis", "Delphine",
)
_ANGLOPHONE_M = (
    "Divine", "Godwill", "Emmanuel", "Prosper", "Clinton", "Desmond", "Kingsley", "Ebenezer",
    "Valentine", "Collins", "Bright", "Wilfred", "Elvis", "Nelson", "Cyprian",
)
_MUSLIM_F = (
    "Aïcha", "Fadimatou", "Aminatou", "Hadidja", "Hawaou", "Zeinabou", "Ramatou", "Maïmouna",
    "Halimatou", "Asta", "Djamila", "Nafissatou", "Salamatou",
)
_MUSLIM_M = (
    "Hamadou", "Moussa", "Ibrahim", "Aboubakar", "Oumarou", "Abdoulaye", "Mohamadou", "Issa",
    "Souleymane", "Ousmane", "Yaya", "Bachirou", "Saïdou",
)
# Given names from the family's own language, worn beside or instead of a French one.
_LOCAL: dict[str, dict[str, tuple[str, ...]]] = {
    "beti": {"F": ("Ngono", "Abena", "Mengue", "Ada", "Nanga"), "M": ("Mbarga", "Ebogo", "Fouda")},
    "bamileke": {"F": ("Nguemo", "Magne", "Djuidje"), "M": ("Tchoupo", "Kamga", "Talla")},
    "duala": {"F": ("Ebelle", "Dina"), "M": ("Ekwalla", "Ebanda")},
    "bassa": {"F": ("Likeng", "Ndjeng"), "M": ("Um", "Nyemb")},
}

FIRST_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    group: {
        "F": (_ANGLOPHONE_F if group == "anglophone" else _MUSLIM_F if group == "fulbe"
              else _FRANCOPHONE_F + _LOCAL[group]["F"]),
        "M": (_ANGLOPHONE_M if group == "anglophone" else _MUSLIM_M if group == "fulbe"
              else _FRANCOPHONE_M + _LOCAL[group]["M"]),
    }
    for group in SURNAMES
}

OCCUPATIONS: tuple[str, ...] = (
    "Commerçante", "Commerçant", "Enseignant", "Infirmière", "Moto-taximan", "Couturière",
    "Mécanicien", "Fonctionnaire", "Agent portuaire", "Coiffeuse", "Chauffeur", "Ménagère",
    "Électricien", "Comptable", "Pêcheur", "Vendeuse au marché",
)
QUARTERS: tuple[str, ...] = (
    "Bonabéri", "Bonassama", "Sodiko", "Mabanda", "Ndobo", "Bojongo", "Grand Hangar",
    "Rails", "Bonendalé",
)
