"""Where synthetic cases happen: Haryana's districts (LGD codes from hub/data), their police stations, courts,
prisons, forensic labs and prosecution offices.

The LGD district codes are real (hub/data/haryana-districts.csv). Everything else is plausible but invented:
e-Courts district letters, police station codes, prison and lab codes follow the shapes DOMAIN.md and the schema
examples show (HRFB01..., PS0031, DJFBD, SFSL-MDB/2024/11873), without claiming to be the real ones.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

STATE_CODE = 6
STATE_LETTERS = "HR"
STATE_NAME = "State of Haryana"


@dataclass(frozen=True)
class Lab:
    code: str  # HR-FSL-MDB
    short: str  # MDB: in lab case numbers
    prefix: str  # SFSL or RFSL
    name: str
    daily_cases: int  # rough intake, spaces the lab's case numbers realistically


@dataclass(frozen=True)
class Prison:
    code: str
    name: str


@dataclass(frozen=True)
class PoliceStation:
    code: str  # PS0031
    name_latin: str  # Sector 31
    name_deva: str
    women: bool = False  # a women police station: sexual offences and dowry cases go there


@dataclass(frozen=True)
class District:
    lgd: int
    name: str
    letters: str  # e-Courts district letters: HRFB...
    abbr: str  # police belt numbers: 1147/FBD
    town_deva: str
    town_latin: str
    pin: int
    prison: Prison
    lab: Lab
    weight: int  # share of the state's crime
    stations: tuple[PoliceStation, ...]

    @property
    def magistrate_establishment(self) -> str:
        return f"{STATE_LETTERS}{self.letters}01"

    @property
    def sessions_establishment(self) -> str:
        return f"{STATE_LETTERS}{self.letters}02"


LABS = {
    "MDB": Lab("HR-FSL-MDB", "MDB", "SFSL", "Forensic Science Laboratory, Haryana, Madhuban (Karnal)", 45),
    "BND": Lab("HR-RFSL-BND", "BND", "RFSL", "Regional Forensic Science Laboratory, Bhondsi (Gurugram)", 18),
    "HSR": Lab("HR-RFSL-HSR", "HSR", "RFSL", "Regional Forensic Science Laboratory, Hisar", 14),
    "SNR": Lab("HR-RFSL-SNR", "SNR", "RFSL", "Regional Forensic Science Laboratory, Sunaria (Rohtak)", 14),
}

HIGH_COURT_ESTABLISHMENT = "PHHC01"
HIGH_COURT_NAME = "High Court of Punjab and Haryana at Chandigarh"

_CENTRAL_AMBALA = Prison("CJAMB", "Central Jail, Ambala")
_CENTRAL_HISAR = Prison("CJHSR", "Central Jail-I, Hisar")
_NEEMKA = Prison("DJFBD", "District Jail, Faridabad (Neemka)")
_BHIWANI = Prison("DJBWN", "District Jail, Bhiwani")

# lgd: (letters, abbr, town in Devanagari, town in Latin, PIN, prison, lab, weight)
_EXTRAS: dict[int, tuple[str, str, str, str, int, Prison, str, int]] = {
    58: ("AM", "AMB", "अंबाला", "Ambala", 133001, _CENTRAL_AMBALA, "MDB", 4),
    59: ("BH", "BWN", "भिवानी", "Bhiwani", 127021, _BHIWANI, "HSR", 3),
    701: ("CD", "CDR", "चरखी दादरी", "Charkhi Dadri", 127306, _BHIWANI, "HSR", 2),
    60: ("FB", "FBD", "फरीदाबाद", "Faridabad", 121001, _NEEMKA, "MDB", 10),
    61: ("FT", "FTB", "फतेहाबाद", "Fatehabad", 125050, _CENTRAL_HISAR, "HSR", 2),
    62: ("GR", "GGN", "गुरुग्राम", "Gurugram", 122001, Prison("DJGGN", "District Jail, Gurugram (Bhondsi)"), "BND", 11),
    63: ("HS", "HSR", "हिसार", "Hisar", 125001, _CENTRAL_HISAR, "HSR", 5),
    64: ("JH", "JJR", "झज्जर", "Jhajjar", 124103, Prison("DJJJR", "District Jail, Jhajjar"), "SNR", 3),
    65: ("JD", "JND", "जींद", "Jind", 126102, Prison("DJJND", "District Jail, Jind"), "MDB", 3),
    66: ("KT", "KTL", "कैथल", "Kaithal", 136027, Prison("DJKTL", "District Jail, Kaithal"), "MDB", 3),
    67: ("KR", "KNL", "करनाल", "Karnal", 132001, Prison("DJKNL", "District Jail, Karnal"), "MDB", 5),
    68: ("KK", "KKR", "कुरुक्षेत्र", "Kurukshetra", 136118, Prison("DJKKR", "District Jail, Kurukshetra"), "MDB", 3),
    69: ("MH", "NNL", "नारनौल", "Narnaul", 123001, Prison("DJNNL", "District Jail, Narnaul"), "BND", 2),
    604: ("NH", "NUH", "नूंह", "Nuh", 122107, Prison("DJNUH", "District Jail, Nuh"), "BND", 3),
    619: ("PL", "PWL", "पलवल", "Palwal", 121102, _NEEMKA, "BND", 3),
    70: ("PK", "PKL", "पंचकूला", "Panchkula", 134109, _CENTRAL_AMBALA, "MDB", 2),
    71: ("PP", "PNP", "पानीपत", "Panipat", 132103, Prison("DJPNP", "District Jail, Panipat"), "MDB", 5),
    72: ("RW", "RWR", "रेवाड़ी", "Rewari", 123401, Prison("DJRWR", "District Jail, Rewari"), "BND", 3),
    73: ("RH", "RTK", "रोहतक", "Rohtak", 124001, Prison("DJRTK", "District Jail, Rohtak (Sunaria)"), "SNR", 4),
    74: ("SR", "SRS", "सिरसा", "Sirsa", 125055, Prison("DJSRS", "District Jail, Sirsa"), "HSR", 3),
    75: ("SN", "SNP", "सोनीपत", "Sonipat", 131001, Prison("DJSNP", "District Jail, Sonipat"), "SNR", 5),
    76: (
        "YN",
        "YNR",
        "यमुनानगर",
        "Yamunanagar",
        135001,
        Prison("DJYNR", "District Jail, Yamunanagar (Jagadhri)"),
        "MDB",
        4,
    ),
}

# Station names every district has, and the sector stations of the two big cities.
_COMMON_STATIONS = (
    ("City", "सिटी"),
    ("Sadar", "सदर"),
    ("Civil Lines", "सिविल लाइन्स"),
    ("Urban Estate", "अर्बन एस्टेट"),
    ("Old City", "पुराना शहर"),
)
_SECTOR_CITIES = {60: (7, 8, 17, 31, 58), 62: (10, 14, 29, 40, 50, 56)}


def _stations(lgd: int) -> tuple[PoliceStation, ...]:
    stations = [
        PoliceStation(f"PS{(lgd * 7 + index * 3) % 90 + 1:04d}", latin, deva)
        for index, (latin, deva) in enumerate(_COMMON_STATIONS)
    ]
    for sector in _SECTOR_CITIES.get(lgd, ()):
        stations.append(PoliceStation(f"PS{sector:04d}", f"Sector {sector}", f"सेक्टर {sector}"))
    stations.append(PoliceStation(f"PSW{lgd % 100:03d}", "Women Police Station", "महिला थाना", women=True))
    return tuple(stations)


@cache
def districts() -> tuple[District, ...]:
    """Haryana's districts, LGD codes and names from hub/data/haryana-districts.csv, in the file's order."""
    text = resources.files("hub.data").joinpath("haryana-districts.csv").read_text(encoding="utf-8")
    found = []
    for row in csv.DictReader(text.splitlines()):
        lgd = int(row["lgd_district_code"])
        letters, abbr, town_deva, town_latin, pin, prison, lab, weight = _EXTRAS[lgd]
        found.append(
            District(
                lgd,
                row["district"],
                letters,
                abbr,
                town_deva,
                town_latin,
                pin,
                prison,
                LABS[lab],
                weight,
                _stations(lgd),
            )
        )
    return tuple(found)


# Villages and localities (Devanagari, Latin): addresses are made of these and the district's town.
VILLAGES = (
    ("खेड़ी", "Kheri"),
    ("नांगल", "Nangal"),
    ("माजरा", "Majra"),
    ("बड़ौली", "Barauli"),
    ("सिसाना", "Sisana"),
    ("असावटी", "Asaoti"),
    ("बहादुरपुर", "Bahadurpur"),
    ("रामपुरा", "Rampura"),
    ("गढ़ी", "Garhi"),
    ("कलानौर", "Kalanaur"),
    ("जाटूसाना", "Jatusana"),
    ("धनाना", "Dhanana"),
    ("मोहम्मदपुर", "Mohammadpur"),
    ("फ़िरोज़पुर", "Firozpur"),
    ("सुल्तानपुर", "Sultanpur"),
    ("भैणी", "Bhaini"),
)
LOCALITIES = (
    ("मॉडल टाउन", "Model Town"),
    ("प्रेम नगर", "Prem Nagar"),
    ("शिव कॉलोनी", "Shiv Colony"),
    ("आज़ाद नगर", "Azad Nagar"),
    ("गांधी नगर", "Gandhi Nagar"),
    ("सुभाष नगर", "Subhash Nagar"),
    ("विकास नगर", "Vikas Nagar"),
    ("रेलवे रोड", "Railway Road"),
    ("हाउसिंग बोर्ड कॉलोनी", "Housing Board Colony"),
    ("इंद्रा कॉलोनी", "Indra Colony"),
)
