"""TraKea's codes and the spellings lab staff type, mapped to canonical values.

Each table maps a canonical value to its native spellings; the first spelling is what encode writes. Lookup
ignores case, spaces, dots, hyphens, underscores, '/', '&' and brackets, so "Bio & Serology", "BIO-SEROLOGY" and
"bioserology" are the same code.
"""

from __future__ import annotations

from adapters.trakea.fields import coded

PRIORITY = coded(
    "priority",
    {
        "normal": ("N", "NORMAL", "ROUTINE", "सामान्य"),
        "urgent": ("U", "URGENT", "अर्जेंट", "तत्काल"),
        "most-urgent": ("MU", "MOST URGENT", "TOP PRIORITY", "COURT DIRECTED", "अति आवश्यक", "अति तत्काल"),
    },
)

DIVISION = coded(
    "division",
    {
        "biology-serology": ("BIO", "BIOLOGY", "SEROLOGY", "BIOLOGY & SEROLOGY", "BIO & SEROLOGY", "BIOSEROLOGY"),
        "dna": ("DNA", "DNA PROFILING"),
        "chemistry": ("CHEM", "CHEMISTRY"),
        "toxicology": ("TOX", "TOXICOLOGY"),
        "narcotics": ("NARC", "NARCOTICS", "NDPS"),
        "physics": ("PHY", "PHYSICS"),
        "ballistics": ("BAL", "BALLISTICS"),
        "questioned-documents": ("DOC", "DOCUMENTS", "QD", "QUESTIONED DOCUMENTS"),
        "fingerprints": ("FP", "FINGERPRINT", "FINGERPRINTS"),
        "cyber": ("CYB", "CYBER", "COMPUTER FORENSICS", "DIGITAL FORENSICS"),
        "audio-video": ("AV", "AUDIO VIDEO", "SPEAKER IDENTIFICATION"),
        "explosives": ("EXP", "EXPLOSIVES"),
        "other": ("OTH", "OTHER", "OTHERS"),
    },
)

SEAL = coded(
    "seal condition",
    {
        "intact": ("INTACT", "I", "OK", "SEALS INTACT", "SEALED INTACT", "सही", "अक्षुण्ण"),
        "broken": ("BROKEN", "B", "TAMPERED", "DAMAGED", "SEAL BROKEN", "टूटी", "क्षतिग्रस्त"),
    },
)

OUTCOME = coded(
    "finding outcome",
    {
        "positive": ("POSITIVE", "POS", "DETECTED", "MATCHED", "MATCH", "CONSISTENT"),
        "negative": ("NEGATIVE", "NEG", "NOT DETECTED", "NO MATCH", "NOT MATCHED"),
        "inconclusive": ("INCONCLUSIVE", "INC", "NO OPINION"),
        "not-examinable": ("NOT EXAMINABLE", "NE", "UNFIT", "INSUFFICIENT", "NOT FIT FOR EXAMINATION"),
    },
)
