"""Names of synthetic persons: Devanagari originals and their romanisations, with the spelling variants that make
one person look like several across pillars (DOMAIN.md, "Names").

A name is a tuple of tokens. Each token has its Devanagari form and one or more Latin spellings, the first being
the usual one: police (CAS) writes the usual spelling; the other pillars pick a spelling per person, so the same
accused is "Mohammad Irfan" in the FIR, "Mohd. Irfan" in court and "Md Irfan" in prison.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    deva: str
    latin: tuple[str, ...]  # [0] is the usual spelling; the rest are variants seen in other systems


def _t(deva: str, *latin: str) -> Token:
    return Token(deva, latin)


MOHAMMAD = _t("मोहम्मद", "Mohammad", "Mohammed", "Muhammad", "Mohd.", "Md.")

MALE_HINDU = (
    _t("राजेश", "Rajesh"),
    _t("सुरेश", "Suresh"),
    _t("रमेश", "Ramesh"),
    _t("महेश", "Mahesh"),
    _t("दिनेश", "Dinesh"),
    _t("मुकेश", "Mukesh"),
    _t("अनिल", "Anil"),
    _t("सुनील", "Sunil", "Suneel"),
    _t("विनोद", "Vinod", "Winod"),
    _t("प्रवीण", "Praveen", "Parveen", "Pravin"),
    _t("संदीप", "Sandeep", "Sandip"),
    _t("प्रदीप", "Pradeep", "Pradip"),
    _t("दीपक", "Deepak", "Dipak"),
    _t("अमित", "Amit"),
    _t("सुमित", "Sumit"),
    _t("रोहित", "Rohit"),
    _t("मोहित", "Mohit"),
    _t("विकास", "Vikas", "Wikas"),
    _t("नरेश", "Naresh"),
    _t("सतीश", "Satish", "Sateesh"),
    _t("जगदीश", "Jagdish", "Jagdeesh"),
    _t("कृष्ण", "Krishan", "Krishna", "Kishan"),
    _t("सुरेंद्र", "Surender", "Surinder", "Surendra"),
    _t("महेंद्र", "Mahender", "Mahinder", "Mahendra"),
    _t("वीरेंद्र", "Virender", "Virendra", "Birender"),
    _t("भूपेंद्र", "Bhupender", "Bhupinder", "Bupender"),
    _t("धर्मेंद्र", "Dharmender", "Dharminder", "Dharmendra"),
    _t("जितेंद्र", "Jitender", "Jitendra", "Jatinder"),
    _t("राजबीर", "Rajbir", "Rajveer"),
    _t("सतबीर", "Satbir", "Satveer"),
    _t("रणबीर", "Ranbir", "Ranveer"),
    _t("बलवान", "Balwan", "Balvan"),
    _t("हरीश", "Harish"),
    _t("अजय", "Ajay"),
    _t("विजय", "Vijay", "Wijay"),
    _t("संजय", "Sanjay"),
    _t("मनोज", "Manoj"),
    _t("सोनू", "Sonu"),
    _t("मोनू", "Monu"),
    _t("सचिन", "Sachin"),
    _t("नवीन", "Naveen", "Navin"),
    _t("अंकित", "Ankit"),
    _t("राहुल", "Rahul"),
    _t("गौरव", "Gaurav", "Gourav"),
    _t("सिद्धार्थ", "Siddharth", "Sidharth", "Sidhart"),
    _t("भरत", "Bharat", "Barat"),
    _t("धर्मपाल", "Dharampal", "Dharmpal", "Darampal"),
    _t("ओम प्रकाश", "Om Prakash", "Omprakash"),
)
MALE_SIKH = (
    _t("गुरप्रीत", "Gurpreet", "Gurprit"),
    _t("हरप्रीत", "Harpreet", "Harprit"),
    _t("जसविंदर", "Jasvinder", "Jaswinder"),
    _t("कुलदीप", "Kuldeep", "Kuldip"),
    _t("मनप्रीत", "Manpreet", "Manprit"),
    _t("बलविंदर", "Balvinder", "Balwinder"),
)
MALE_MUSLIM = (
    _t("इरफ़ान", "Irfan"),
    _t("आरिफ़", "Arif"),
    _t("साजिद", "Sajid"),
    _t("वसीम", "Wasim", "Waseem", "Vasim"),
    _t("फ़ारूक़", "Farooq", "Farook", "Faruk"),
    _t("शाहिद", "Shahid"),
    _t("जावेद", "Javed", "Jawed"),
    _t("इमरान", "Imran"),
    _t("आसिफ़", "Asif"),
    _t("ज़ाकिर", "Zakir", "Jakir"),
    _t("असलम", "Aslam"),
    _t("इलियास", "Ilyas", "Iliyas"),
    _t("रशीद", "Rashid", "Rasheed"),
)
FEMALE_HINDU = (
    _t("सुनीता", "Sunita", "Suneeta"),
    _t("गीता", "Geeta", "Gita"),
    _t("पूजा", "Pooja", "Puja"),
    _t("लक्ष्मी", "Laxmi", "Lakshmi"),
    _t("सीमा", "Seema", "Sima"),
    _t("रेखा", "Rekha"),
    _t("कमला", "Kamla", "Kamala"),
    _t("सविता", "Savita", "Sawita"),
    _t("अनीता", "Anita", "Aneeta"),
    _t("प्रियंका", "Priyanka"),
    _t("नेहा", "Neha"),
    _t("कविता", "Kavita", "Kawita"),
    _t("ममता", "Mamta", "Mamata"),
    _t("सुमन", "Suman"),
    _t("रीना", "Reena", "Rina"),
    _t("निशा", "Nisha"),
    _t("मीना", "Meena", "Mina"),
    _t("संतोष", "Santosh"),
    _t("पिंकी", "Pinki", "Pinky"),
    _t("ज्योति", "Jyoti", "Jyoty"),
)
FEMALE_SIKH = (
    _t("जसप्रीत", "Jaspreet", "Jasprit"),
    _t("हरजीत", "Harjeet", "Harjit"),
    _t("परमजीत", "Paramjeet", "Paramjit"),
)
FEMALE_MUSLIM = (
    _t("शबनम", "Shabnam"),
    _t("रुख़साना", "Rukhsana", "Ruksana"),
    _t("नाज़िया", "Nazia", "Naziya"),
    _t("फ़ातिमा", "Fatima", "Phatima"),
    _t("शाहीन", "Shaheen", "Shahin"),
)
HINDU_SURNAMES = (
    _t("शर्मा", "Sharma"),
    _t("यादव", "Yadav", "Yadaw"),
    _t("चौधरी", "Chaudhary", "Choudhary", "Chowdhury"),
    _t("मलिक", "Malik"),
    _t("दहिया", "Dahiya"),
    _t("सहरावत", "Sehrawat", "Sahrawat"),
    _t("जांगड़ा", "Jangra"),
    _t("गुप्ता", "Gupta"),
    _t("अग्रवाल", "Aggarwal", "Agarwal", "Agrawal"),
    _t("गोयल", "Goyal"),
    _t("मित्तल", "Mittal"),
    _t("सैनी", "Saini"),
    _t("राठी", "Rathi"),
    _t("हुड्डा", "Hooda", "Huda"),
    _t("श्योराण", "Sheoran", "Sheoraan"),
    _t("पूनिया", "Punia", "Poonia"),
    _t("वर्मा", "Verma", "Varma"),
    _t("श्रीवास्तव", "Srivastava", "Shrivastav", "Shrivastava"),
    _t("धनखड़", "Dhankhar", "Dhankar"),
    _t("गहलोत", "Gehlot", "Gahlot"),
    _t("ठाकुर", "Thakur", "Takur"),
    _t("भाटी", "Bhati", "Bhatti"),
)
SINGH = _t("सिंह", "Singh", "Sing")
KUMAR = _t("कुमार", "Kumar")
MUSLIM_SURNAMES = (
    _t("ख़ान", "Khan"),
    _t("क़ुरैशी", "Qureshi", "Kureshi", "Quraishi"),
    _t("अंसारी", "Ansari"),
    _t("सैफ़ी", "Saifi"),
)
DEVI = _t("देवी", "Devi")
KAUR = _t("कौर", "Kaur")
UNKNOWN = _t("अज्ञात", "Unknown")

NICKNAMES = (
    ("काला", "Kala"),
    ("लंबा", "Lamba"),
    ("छोटू", "Chhotu"),
    ("बिल्ला", "Billa"),
    ("पप्पू", "Pappu"),
    ("गोलू", "Golu"),
    ("टिंकू", "Tinku"),
)

Name = tuple[Token, ...]


def deva(name: Name) -> str:
    return " ".join(token.deva for token in name)


def usual(name: Name) -> str:
    return " ".join(token.latin[0] for token in name)


def variant(name: Name, rng: random.Random, *, initials: bool = False) -> str:
    """A spelling of ``name`` another system might use: each token's usual spelling or one of its variants,
    and, when ``initials``, the given names cut to initials ("R. K. Sharma")."""
    words = [
        rng.choice(token.latin) if len(token.latin) > 1 and rng.random() < 0.6 else token.latin[0] for token in name
    ]
    if initials and len(name) >= 2 and name[0] is not MOHAMMAD:
        words = [f"{word[0]}." for word in words[:-1]] + [words[-1]]
    return " ".join(words)


def person_name(rng: random.Random, sex: str, community: str) -> Name:
    """A plausible full name for a person of this sex and community (hindu, sikh, muslim)."""
    if community == "muslim":
        given = rng.choice(MALE_MUSLIM if sex == "male" else FEMALE_MUSLIM)
        if sex == "male":
            roll = rng.random()
            if roll < 0.4:
                return (MOHAMMAD, given)
            if roll < 0.8:
                return (given, rng.choice(MUSLIM_SURNAMES))
            return (given,)
        return (given, rng.choice(MUSLIM_SURNAMES)) if rng.random() < 0.5 else (given,)
    if community == "sikh":
        given = rng.choice(MALE_SIKH if sex == "male" else FEMALE_SIKH)
        return (given, SINGH if sex == "male" else KAUR)
    if sex == "male":
        given = rng.choice(MALE_HINDU)
        roll = rng.random()
        if roll < 0.15:
            return (given,)
        if roll < 0.35:
            return (given, SINGH)
        if roll < 0.55:
            return (given, KUMAR, rng.choice(HINDU_SURNAMES))
        return (given, rng.choice(HINDU_SURNAMES))
    given = rng.choice(FEMALE_HINDU)
    roll = rng.random()
    if roll < 0.4:
        return (given, DEVI)
    if roll < 0.55:
        return (given,)
    return (given, rng.choice(HINDU_SURNAMES))


def family_surname(name: Name) -> Token | None:
    """The surname a relative would share, if the name has one worth sharing."""
    last = name[-1]
    if len(name) < 2 or last in (DEVI, KAUR, KUMAR) or last is MOHAMMAD:
        return None
    return last


def relative_name(rng: random.Random, person: Name, sex: str, community: str) -> Name:
    """A father's or husband's name (male), sharing the person's surname where there is one."""
    name = person_name(rng, "male", community)
    surname = family_surname(person)
    if surname is not None and len(name) >= 2 and name[0] is not MOHAMMAD:
        return (*name[:-1], surname)
    return name
