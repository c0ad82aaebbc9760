"""The investigation records CAS exports besides the FIR, one mapping table each.

    CRIME_DETAILS  -> crime-details     (IIF-II)
    ARREST_MEMO    -> arrest-surrender  (IIF-III)
    SEIZURE_MEMO   -> property-seizure  (IIF-IV)
    FSL_REQUEST    -> forensic-request
    FINAL_REPORT   -> final-report      (IIF-V)

Each table lists the record's parts in the canonical schema's order; decode and encode both walk it (spec.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError
from adapters.cas.native import RELATIONS, Node
from adapters.cas.parts import (
    HEADER_NAMES,
    PERSON_REF,
    Address,
    Charges,
    FirKey,
    Persons,
    build_header,
    court,
    decode_other_keys,
    encode_created,
    encode_header_keys,
    first_charge_date,
    header_rows,
    lab,
    officer,
    person_ref,
    read_created,
    read_fir_key,
)
from adapters.cas.spec import (
    Choice,
    Ctx,
    DocRow,
    ECtx,
    Group,
    Leaf,
    Part,
    TextWithAttribute,
    ist_date,
    need,
    q,
    sub,
)
from adapters.cas.values import (
    AMOUNT,
    BOOL,
    CODE,
    DATE,
    DATETIME,
    LONG,
    QUANTITY,
    SHORT,
    Coded,
    Integer,
    Pattern,
    coded,
    read_date,
    read_datetime,
)

# ------------------------------------------------------------------------------------------------ record keys


@dataclass(frozen=True)
class KeySuffix:
    """How a record's SourceRecordId extends its FIR key: ``-<suffix>``, read from one native field.

    ``canonical`` names the body element holding the same value (ACCUSED_CD is also AccusedCode): encode then
    checks the SourceRecordId against it. Without one, the value lives only in the id, and encode reads it back
    from there (``parse``).
    """

    native: str
    conv: Pattern | Integer
    make: Callable[[str], str]
    canonical: str | None = None
    parse: Callable[[str], str | None] | None = None
    doc: str = ""

    def read(self, node: Node) -> str:
        child = node.child(self.native)
        text = None if child is None else child.own_text()
        if child is None or text is None:
            raise node.error("required field is missing or empty", self.native)
        return self.make(self.conv.read(text, child))


_ACCUSED_CODE = Pattern(r"[A-Z][0-9]{1,2}", "an accused code (A1..A99, B1..)", upper=True)
_REGISTER_NUMBER = Pattern(
    r"[A-Za-z0-9][A-Za-z0-9/\-]{0,23}", "a property register number (e.g. 187/2024: letters, digits, / and -)"
)


@dataclass(frozen=True)
class ReportNumber(Pattern):
    """FR_NO as typed (0187/2024, 187 / 2024) -> 187/2024, as ReportNumber carries it."""

    def read(self, text: str, where: Node) -> str:
        match = re.fullmatch(r"0*(\d{1,6})\s*/\s*(\d{4})", " ".join(text.split()))
        if match is None:
            raise where.error(f"{text!r} is not a report number: expected serial/year, e.g. 0187/2024")
        return f"{int(match[1])}/{match[2]}"


REPORT_NUMBER = ReportNumber(r"[0-9]{1,6}/[0-9]{4}", "a report number: serial/year, e.g. 187/2024")


# What each native element means, for the README's tables (by element name: a name means the same everywhere).
MEANINGS = {
    "PLACE_OF_OCC": "the place of occurrence as found at the scene",
    "PLACE_TYPE": "type of place",
    "PLACE_DESC": "the place in words",
    "ADDRESS": "address (ADDR_LINE1..3, VILLAGE_TOWN, DIST_CD, STATE_CD, PIN_CD)",
    "SCENE_VISIT": "the IO's visit to the scene",
    "VISIT_DT": "when the scene was visited",
    "OBSERVATIONS": "what was observed and collected at the scene",
    "PERSONS": "the persons of the record, each once",
    "VICTIM_LIST": "the victims",
    "VICTIM": "one victim",
    "PERSON_REF": "the PERSON_ID of the person meant",
    "INJURY": "harm suffered",
    "RELATION_TO_ACCUSED": "how the victim knows the accused",
    "MOTIVE": "motive class",
    "MOTIVE_DESC": "the motive in the IO's words",
    "PROPERTY_INVOLVED": "property involved in the crime",
    "PROP_ITEM": "one item of property",
    "PROP_CATEGORY": "kind of property",
    "PROP_INVOLVEMENT": "how the item was involved",
    "PROP_DESC": "make, model, registration, marks",
    "PROP_VALUE": "value in rupees",
    "SKETCH": "the site plan (naksha mauka)",
    "SKETCH_DT": "when it was drawn",
    "SKETCH_DESC": "its legend",
    "IO_DETAILS": "the investigating officer",
    "OFFICER_NAME": "name, any script",
    "IO_NAME": "name, any script",
    "OFFICER_BELT_NO": "belt (badge) number",
    "IO_BELT_NO": "belt (badge) number",
    "ARREST_DT": "when arrested",
    "GD_NO": "General Diary entry",
    "ARREST_PLACE": "where arrested",
    "PRODUCED_BEFORE": "the court the arrestee was produced before",
    "COURT_EST_CD": "e-Courts establishment code",
    "COURT_NAME": "the court's name",
    "PRODUCED_DT": "when produced in court",
    "SURRENDER_DT": "when the accused surrendered",
    "COURT": "the court",
    "GROUNDS_OF_ARREST": "grounds of arrest told to the arrestee",
    "RELIGION": "as recorded (police-internal)",
    "CASTE": "as recorded (police-internal)",
    "SOCIAL_CATEGORY": "SC, ST, OBC or general",
    "ARRESTEE_REF": "the person arrested or surrendering",
    "INJURIES": "injuries found on the arrestee",
    "MEDICAL_EXAM": "the medical examination after arrest",
    "EXAM_DT": "when examined",
    "FACILITY": "hospital or dispensary",
    "MEDICAL_OFFICER": "the examining doctor",
    "FINDINGS": "the doctor's findings",
    "RELATIVE_INFORMED": "a relative or friend told of the arrest",
    "INFORMED_DT": "when told",
    "INFORMED_BY": "how told",
    "FINGERPRINTS_TAKEN": "whether fingerprints were taken (NAFIS)",
    "RISK_FLAG": "a risk the escort and prison should know",
    "RISK_NOTES": "the risk in words (police-internal)",
    "WITNESS_REF": "a witness to the memo",
    "ARRESTING_OFFICER": "the officer who made the arrest or took the surrender",
    "SEIZURE_NATURE": "nature of the property (IIF-IV)",
    "SEIZURE_DT": "when seized",
    "SEIZURE_PLACE": "where seized",
    "SEIZED_FROM": "the person it was seized from",
    "PROFESSIONAL_RECEIVER": "a professional receiver of stolen property",
    "GROUNDS": "the grounds of the seizure",
    "SEIZED_ITEMS": "the items seized",
    "ITEM": "one item",
    "SR_NO": "serial in the memo; exhibits refer to it",
    "EXHIBIT_NO": "exhibit number",
    "ITEM_DESC": "what the item is, how packed",
    "QTY": "quantity",
    "QTY_UNIT": "unit of the quantity",
    "ITEM_VALUE": "value in rupees",
    "SEALED": "whether sealed",
    "SEAL_SPECIMEN": "specimen of the seal used",
    "SEAL_HANDED_TO_REF": "who was given the seal after use",
    "SEIZING_OFFICER": "the officer who seized",
    "REQUEST_DT": "when the request was sent",
    "LAB_CD": "the lab's code",
    "LAB_NAME": "the lab's name",
    "PRIORITY": "how urgent",
    "PRIORITY_REASON": "why urgent",
    "BRIEF_FACTS": "the facts of the case in brief",
    "EXHIBITS": "the exhibits sent",
    "EXHIBIT": "one exhibit",
    "EXHIBIT_DESC": "what the exhibit is, how packed",
    "SEAL_IMPRESSION": "the seal on its packing",
    "COLLECTED_FROM_REF": "the person it was collected from (a sample)",
    "EXAMINATION": "one question for the lab",
    "DISCIPLINE": "the lab division asked",
    "QUESTION": "what the lab is asked",
    "FORWARDING_OFFICER": "the officer who forwards it (SHO)",
    "FR_DT": "date of the report",
    "FR_SEQUENCE": "original or supplementary",
    "COMPLAINANT_REF": "the complainant",
    "CHARGE_SHEET": "a charge-sheet",
    "ACCUSED": "one charge-sheeted accused",
    "ACCUSED_CD": "the accused's code in the FIR",
    "NAME_VERIFIED": "whether the name was verified",
    "CRIMINAL_NO": "criminal record number",
    "ARREST_DATE": "date of arrest",
    "BAIL_DATE": "date released on bail",
    "ACCUSED_STATUS": "custody status",
    "CLOSURE": "a closure report",
    "CLOSURE_TYPE": "kind of closure",
    "CLOSURE_GROUNDS": "why the case is closed",
    "ACTION_AGAINST_COMPLAINANT": "action proposed against a false complainant",
    "NOT_CHARGESHEETED": "an accused not charge-sheeted",
    "REASON": "why not charge-sheeted",
    "REASON_DETAILS": "the reason in words",
    "WITNESS": "a witness for the prosecution",
    "WITNESS_TYPE": "kind of witness",
    "DOCUMENTS": "documents relied on",
    "DOCUMENT": "one document",
    "DOC_SR_NO": "serial in the list",
    "DOC_DESC": "what the document is",
    "MATERIAL_OBJECTS": "material objects relied on",
    "MATERIAL_OBJECT": "one material object",
    "PROP_REG_NO": "property register (malkhana) entry",
    "SEIZURE_SR_NO": "SR_NO of the item in its seizure memo",
    "OBJECT_DESC": "what it is, where kept",
    "LAB_RESULT": "a lab's result relied on",
    "LAB_CASE_NO": "the lab's case number",
    "LAB_REPORT_DT": "date of the lab's report",
    "CONCLUSION": "the lab's conclusion",
    "SANCTION": "sanction for prosecution, where needed",
    "PROVISION": "the provision requiring it",
    "AUTHORITY": "who granted it",
    "ORDER_NO": "sanction order number",
    "ORDER_DT": "sanction order date",
}

# ------------------------------------------------------------------------------------------------ the record


@dataclass(frozen=True)
class RecordSpec:
    record_type: str
    native: str
    root: str
    parts: tuple[Part, ...]
    own_date: tuple[str, ...]  # native paths of the record's own date, the first one given wins
    suffix: KeySuffix | None = None
    doc: str = ""

    def names(self) -> tuple[str, ...]:
        return self._names

    @cached_property  # once per table, not per record decoded
    def _names(self) -> tuple[str, ...]:
        own = () if self.suffix is None or self.suffix.canonical else (self.suffix.native,)
        return (*HEADER_NAMES, *own, *(name for part in self.parts for name in part.names()))

    # -------------------------------------------------------------------------------------------- decode

    def decode(self, node: Node) -> bytes:
        node.only(*self.names())
        key = read_fir_key(node)
        suffix = "" if self.suffix is None else self.suffix.read(node)
        source_record_id = key.text + suffix
        created = read_created(node)
        ctx = Ctx(node, offence_date=lambda: _offence_date(node), reference_date=lambda: self._reference(node))
        root = etree.Element(q(self.root), nsmap={None: CANONICAL_NS})
        decode_other_keys(node, build_header(root, self.record_type, source_record_id, created, key))
        for part in self.parts:
            part.decode(node, root, ctx)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _reference(self, node: Node) -> date:
        """The date ages are taken on: the offence date when given, else the record's own date."""
        if node.child("OFFENCE_DT") is not None and node.text("OFFENCE_DT") is not None:
            return _offence_date(node)
        for path in self.own_date:
            found: Node | None = node
            for step in path.split("/"):
                found = None if found is None else found.child(step)
            text = None if found is None else found.own_text()
            if found is not None and text is not None:
                return ist_date(read_datetime(text, found))
        first = self.own_date[0].split("/")
        raise node.error("required field is missing or empty", first[-1] if len(first) == 1 else self.own_date[0])

    # -------------------------------------------------------------------------------------------- encode

    def encode(self, root: etree._Element) -> etree._Element:
        if root.tag != q(self.root):
            raise AdapterError(f"a {self.record_type} record's root is {self.root}", field=etree.QName(root).localname)
        out = etree.Element(self.native)
        key, source_record_id = encode_header_keys(root, out, self.record_type)
        self._encode_suffix(root, out, key, source_record_id)
        ectx = ECtx(offence_default=first_charge_date(root))
        for part in self.parts:
            part.encode(root, out, ectx)
        encode_created(root, out)
        return out

    def _encode_suffix(self, root: etree._Element, out: etree._Element, key: FirKey, source_record_id: str) -> None:
        where = f"{self.root}/Header/SourceRecordId"
        if self.suffix is None:
            expected = key.text
        elif self.suffix.canonical is not None:
            value = need(root, self.suffix.canonical).text or ""
            expected = key.text + self.suffix.make(value.strip())
        else:
            assert self.suffix.parse is not None
            own = (
                self.suffix.parse(source_record_id[len(key.text) :]) if source_record_id.startswith(key.text) else None
            )
            if own is None:
                raise AdapterError(
                    f"{source_record_id!r} is not a CAS id of a {self.record_type} in FIR {key.text}", field=where
                )
            sub(out, self.suffix.native, own)
            expected = key.text + self.suffix.make(own)
        if source_record_id != expected:
            raise AdapterError(
                f"SourceRecordId {source_record_id!r} is not the id CAS gives this {self.record_type} ({expected!r})",
                field=where,
            )

    # -------------------------------------------------------------------------------------------- docs

    def rows(self) -> Iterator[DocRow]:
        suffix: tuple[DocRow, ...] = ()
        if self.suffix is not None and self.suffix.canonical is None:
            suffix = (
                DocRow(self.suffix.native, "yes", self.suffix.conv.fmt, "Header/SourceRecordId", self.suffix.doc),
            )
        header = header_rows(suffix)
        yield from header[:-2]
        for part in self.parts:
            for row in part.rows("", ""):
                meaning = row.doc or MEANINGS.get(row.native.rsplit("/", 1)[-1], "")
                yield DocRow(row.native, row.required, row.fmt, row.canonical, meaning)
        yield from header[-2:]


def _offence_date(node: Node) -> date:
    child = node.child("OFFENCE_DT")
    text = None if child is None else child.own_text()
    if child is None or text is None:
        raise node.error(
            "required field is missing: the date the offence began, from which ACT_SEC charges (IPC or BNS), "
            "unless each ACT_SEC has its own OFFENCE_DT attribute",
            "OFFENCE_DT",
        )
    return read_date(text, child)


# ------------------------------------------------------------------------------------------------ code tables

PLACE_KINDS = coded(
    (
        "residence",
        "road-street",
        "highway",
        "parking",
        "shop-market",
        "bank-atm",
        "office",
        "factory-industrial",
        "hotel-restaurant",
        "educational-institution",
        "hospital",
        "religious-place",
        "railway-metro",
        "bus-stand",
        "public-transport-vehicle",
        "agricultural-field",
        "open-area",
        "online",
        "other",
    ),
    "type of place",
    synonyms={
        "HOUSE": "residence",
        "RESIDENTIAL": "residence",
        "ROAD": "road-street",
        "STREET": "road-street",
        "SHOP": "shop-market",
        "MARKET": "shop-market",
        "BANK": "bank-atm",
        "ATM": "bank-atm",
        "FACTORY": "factory-industrial",
        "HOTEL": "hotel-restaurant",
        "SCHOOL": "educational-institution",
        "COLLEGE": "educational-institution",
        "TEMPLE": "religious-place",
        "RAILWAY": "railway-metro",
        "METRO": "railway-metro",
        "FIELD": "agricultural-field",
        "CYBER": "online",
    },
)
INJURIES = coded(("none", "simple", "grievous", "fatal"), "injury", synonyms={"NIL": "none", "DEATH": "fatal"})
MOTIVES = coded(
    (
        "gain",
        "revenge-enmity",
        "property-dispute",
        "family-dispute",
        "dowry",
        "sexual",
        "love-affair",
        "political",
        "communal",
        "caste",
        "sudden-provocation",
        "other",
        "not-known",
    ),
    "motive",
    synonyms={"GREED": "gain", "REVENGE": "revenge-enmity", "ENMITY": "revenge-enmity", "UNKNOWN": "not-known"},
)
PROPERTY_CATEGORIES = coded(
    (
        "vehicle",
        "cash",
        "jewellery",
        "mobile-phone",
        "electronics",
        "documents",
        "arms-ammunition",
        "narcotics",
        "liquor",
        "livestock",
        "other",
    ),
    "property category",
    synonyms={"MOBILE": "mobile-phone", "JEWELRY": "jewellery", "ARMS": "arms-ammunition", "CATTLE": "livestock"},
)
INVOLVEMENTS = coded(
    ("stolen", "damaged-destroyed", "used-in-crime", "other"),
    "involvement",
    synonyms={"DAMAGED": "damaged-destroyed", "DESTROYED": "damaged-destroyed", "USED": "used-in-crime"},
)
ARREST_STATUSES = coded(
    (
        "arrested-forwarded-to-court",
        "arrested-released-on-bail",
        "arrested-police-custody-remand",
        "arrested-released-on-notice",
    ),
    "arrest status (1 to 4)",
    synonyms={
        "1": "arrested-forwarded-to-court",
        "2": "arrested-released-on-bail",
        "3": "arrested-police-custody-remand",
        "4": "arrested-released-on-notice",
    },
)
SURRENDER_STATUSES = coded(
    ("surrendered-judicial-custody", "surrendered-police-custody", "surrendered-bailed"),
    "surrender status (5 to 7)",
    synonyms={"5": "surrendered-judicial-custody", "6": "surrendered-police-custody", "7": "surrendered-bailed"},
)
SOCIAL_CATEGORIES = coded(("sc", "st", "obc", "general"), "social category", synonyms={"GEN": "general"})
INFORMED_BY = coded(("in-person", "phone", "sms", "other"), "way of informing", synonyms={"PERSONALLY": "in-person"})
RISK_FLAGS = coded(
    (
        "escape-risk",
        "violent",
        "self-harm-risk",
        "habitual-offender",
        "organised-crime-link",
        "needs-medical-attention",
        "other",
    ),
    "risk flag",
    synonyms={"HABITUAL": "habitual-offender", "ESCAPE": "escape-risk", "ORGANIZED-CRIME-LINK": "organised-crime-link"},
)
RELATION = Coded(
    RELATIONS,
    {"father": "FATHER", "husband": "HUSBAND", "mother": "MOTHER", "guardian": "GUARDIAN", "other": "OTHER"},
    "relation (FATHER, MOTHER, HUSBAND, GUARDIAN, OTHER)",
    fmt="FATHER / HUSBAND / MOTHER / GUARDIAN / OTHER (or F, H, M, G, O)",
)
NATURES = coded(
    ("stolen", "unclaimed", "unlawful-possession", "involved", "intestate"),
    "nature of property",
    synonyms={"STOLEN PROPERTY": "stolen", "CASE PROPERTY": "involved", "UNLAWFUL": "unlawful-possession"},
)
PRIORITIES = coded(
    ("normal", "urgent", "most-urgent"),
    "priority",
    synonyms={"N": "normal", "U": "urgent", "MU": "most-urgent", "IMMEDIATE": "most-urgent"},
)
DISCIPLINES = coded(
    (
        "biology-serology",
        "dna",
        "chemistry",
        "toxicology",
        "narcotics",
        "physics",
        "ballistics",
        "questioned-documents",
        "fingerprints",
        "cyber",
        "audio-video",
        "explosives",
        "other",
    ),
    "FSL division",
    synonyms={"BIOLOGY": "biology-serology", "SEROLOGY": "biology-serology", "DOCUMENTS": "questioned-documents"},
)
SEQUENCES = coded(("original", "supplementary"), "report sequence", synonyms={"O": "original", "S": "supplementary"})
ACCUSED_STATUSES = coded(
    ("judicial-custody", "on-bail", "released-on-notice", "not-arrested", "absconding", "proclaimed-offender"),
    "accused status",
    synonyms={"JC": "judicial-custody", "BAIL": "on-bail", "PO": "proclaimed-offender"},
)
CLOSURES = coded(
    ("untraced", "undetected", "false", "mistake-of-fact", "mistake-of-law", "non-cognizable", "civil-nature"),
    "kind of closure",
    synonyms={"CIVIL": "civil-nature", "NON-COGNISABLE": "non-cognizable", "FALSE CASE": "false"},
)
NOT_CHARGED_REASONS = coded(
    ("insufficient-evidence", "no-role-found", "deceased", "child-in-conflict-with-law", "other"),
    "reason for not charge-sheeting",
    synonyms={"CCL": "child-in-conflict-with-law", "DEAD": "deceased"},
)
WITNESS_KINDS = coded(
    ("complainant", "eye-witness", "recovery-witness", "police", "medical", "expert", "other"),
    "kind of witness",
    synonyms={"EYE": "eye-witness", "RECOVERY": "recovery-witness", "DOCTOR": "medical"},
)
EXHIBIT_NUMBER = Pattern(r"[A-Za-z0-9/\-]{1,16}", "an exhibit number (1 to 16 letters, digits, / or -)")
SERIAL = Integer(1, 9999)
PERSON_REF_CONV = PERSON_REF

# ------------------------------------------------------------------------------------------------ CRIME_DETAILS

CRIME_DETAILS = RecordSpec(
    "crime-details",
    "CRIME_DETAILS",
    "CrimeDetails",
    (
        Leaf("RECORDED_DT", "RecordedAt", DATETIME, required=True, doc="when the IO recorded the crime details"),
        Charges(),
        Group(
            None,
            "CrimeHead",
            (
                Leaf("CRIME_HEAD_CD", "Code", CODE, doc="CAS crime head code"),
                Leaf("MAJOR_HEAD", "MajorHead", SHORT, required=True, doc="e.g. Theft"),
                Leaf("MINOR_HEAD", "MinorHead", SHORT, doc="e.g. Motor Vehicle Theft (two-wheeler)"),
            ),
            required=True,
        ),
        Group(
            None,
            "ModusOperandi",
            (
                Leaf("MO_CD", "Code", CODE, doc="CAS modus operandi code"),
                Leaf("MO_DESC", "Description", LONG, required=True, doc="the method, in the IO's words"),
            ),
            required=True,
        ),
        Group(
            "PLACE_OF_OCC",
            "PlaceOfOccurrence",
            (
                Leaf("PLACE_TYPE", "Kind", PLACE_KINDS, required=True),
                Leaf("PLACE_DESC", "Description", LONG),
                Address(),
            ),
            required=True,
        ),
        Group(
            "SCENE_VISIT",
            "SceneVisit",
            (
                Leaf("VISIT_DT", "VisitedAt", DATETIME, required=True),
                officer("VISITED_BY", "VisitedBy", required=False, doc="when not the IO"),
                Leaf("OBSERVATIONS", "Observations", LONG),
            ),
            required=True,
        ),
        Persons(required=False),
        Group(
            "VICTIM_LIST",
            None,
            (
                Group(
                    "VICTIM",
                    "Victim",
                    (
                        Leaf(
                            "PERSON_REF",
                            "@personRef",
                            PERSON_REF_CONV,
                            required=True,
                            refers="person",
                            unique="victim",
                            what="PERSON_REF",
                        ),
                        Leaf("INJURY", "Injury", INJURIES),
                        Leaf("RELATION_TO_ACCUSED", "RelationToAccused", SHORT),
                    ),
                    required=True,
                    many=True,
                ),
            ),
        ),
        Group(
            None,
            "Motive",
            (Leaf("MOTIVE", "Kind", MOTIVES, required=True), Leaf("MOTIVE_DESC", "Description", LONG)),
            required=True,
        ),
        Group(
            "PROPERTY_INVOLVED",
            "Property",
            (
                Group(
                    "PROP_ITEM",
                    "Item",
                    (
                        Leaf("PROP_CATEGORY", "Category", PROPERTY_CATEGORIES, required=True),
                        Leaf("PROP_INVOLVEMENT", "Involvement", INVOLVEMENTS, required=True),
                        Leaf("PROP_DESC", "Description", LONG, required=True),
                        Leaf("PROP_VALUE", "ValueInr", AMOUNT),
                    ),
                    required=True,
                    many=True,
                ),
                Leaf("TOTAL_VALUE", "TotalValueInr", AMOUNT, doc="as CAS totalled it; not computed"),
            ),
        ),
        Group(
            "SKETCH",
            "Sketch",
            (
                Leaf("SKETCH_REF", "Reference", CODE, required=True, doc="CAS document id of the site plan"),
                Leaf("SKETCH_DT", "PreparedAt", DATETIME),
                Leaf("SKETCH_DESC", "Description", LONG),
            ),
        ),
        officer("IO_DETAILS", "InvestigatingOfficer", prefix="IO_"),
    ),
    own_date=("RECORDED_DT",),
    doc="IIF-II: what the investigating officer records after visiting the scene. One per FIR.",
)

# ------------------------------------------------------------------------------------------------ ARREST_MEMO


def _place(native: str) -> Group:
    return Group(
        native,
        "Place",
        (Leaf("PLACE_DESC", "Description", SHORT, required=True), Address()),
        required=True,
    )


ARREST_MEMO = RecordSpec(
    "arrest-surrender",
    "ARREST_MEMO",
    "ArrestSurrender",
    (
        Leaf("ACCUSED_CD", "AccusedCode", _ACCUSED_CODE, required=True, doc="the accused's code in the FIR"),
        Choice(
            (
                Group(
                    "ARREST_DTLS",
                    "Arrest",
                    (
                        Leaf("ARREST_DT", "ArrestedAt", DATETIME, required=True),
                        Leaf("GD_NO", "GdEntryNumber", CODE, required=True),
                        _place("ARREST_PLACE"),
                        Leaf("ARREST_STATUS", "Status", ARREST_STATUSES, required=True, doc="codes 1 to 4 also read"),
                        court("PRODUCED_BEFORE", "ProducedBefore", required=False),
                        Leaf("PRODUCED_DT", "ProducedAt", DATETIME),
                    ),
                    required=True,
                    doc="an arrest",
                ),
                Group(
                    "SURRENDER_DTLS",
                    "Surrender",
                    (
                        Leaf("SURRENDER_DT", "SurrenderedAt", DATETIME, required=True),
                        court("COURT", "Court"),
                        Leaf("GD_NO", "GdEntryNumber", CODE),
                        Leaf("SURRENDER_STATUS", "Status", SURRENDER_STATUSES, required=True, doc="codes 5 to 7"),
                    ),
                    required=True,
                    doc="a surrender in court",
                ),
            )
        ),
        Charges(),
        Leaf("GROUNDS_OF_ARREST", "GroundsOfArrest", LONG),
        Persons(
            extra=(
                Leaf("RELIGION", "Religion", SHORT),
                Leaf("CASTE", "Caste", SHORT),
                Leaf("SOCIAL_CATEGORY", "SocialCategory", SOCIAL_CATEGORIES),
                Address("PERM_ADDRESS", "PermanentAddress", doc="permanent address"),
            )
        ),
        person_ref("ARRESTEE_REF", "Arrestee/@personRef", required=True),
        Leaf("INJURIES", "Injuries", LONG),
        Group(
            "MEDICAL_EXAM",
            "MedicalExamination",
            (
                Leaf("EXAM_DT", "ExaminedAt", DATETIME, required=True),
                Leaf("FACILITY", "Facility", SHORT, required=True),
                Leaf("MEDICAL_OFFICER", "MedicalOfficer", SHORT),
                Leaf("FINDINGS", "Findings", LONG),
            ),
        ),
        Group(
            "RELATIVE_INFORMED",
            "RelativeInformed",
            (
                Leaf("PERSON_REF", "@personRef", PERSON_REF_CONV, required=True, refers="person", what="PERSON_REF"),
                Leaf("RELATION", "Relation", RELATION, required=True, doc="the informed person's relation"),
                Leaf("INFORMED_DT", "InformedAt", DATETIME, required=True),
                Leaf("INFORMED_BY", "InformedBy", INFORMED_BY),
            ),
            many=True,
        ),
        Leaf("FINGERPRINTS_TAKEN", "FingerprintsTaken", BOOL, required=True),
        Leaf("RISK_FLAG", "RiskFlag", RISK_FLAGS, many=True, unique="risk-flag"),
        Leaf("RISK_NOTES", "RiskNotes", LONG),
        person_ref("WITNESS_REF", "Witness/@personRef", many=True, unique="witness"),
        officer("ARRESTING_OFFICER", "Officer"),
    ),
    own_date=("ARREST_DTLS/ARREST_DT", "SURRENDER_DTLS/SURRENDER_DT"),
    suffix=KeySuffix("ACCUSED_CD", _ACCUSED_CODE, lambda code: f"-{code}", canonical="AccusedCode"),
    doc="IIF-III: the arrest of one accused, or his surrender in court. One per accused.",
)

# ------------------------------------------------------------------------------------------------ SEIZURE_MEMO

SEIZURE_MEMO = RecordSpec(
    "property-seizure",
    "SEIZURE_MEMO",
    "PropertySeizure",
    (
        Leaf("PROP_REG_NO", "PropertyRegisterNumber", _REGISTER_NUMBER, required=True, doc="malkhana register entry"),
        Leaf("SEIZURE_NATURE", "Nature", NATURES, required=True),
        Leaf("SEIZURE_DT", "SeizedAt", DATETIME, required=True),
        _place("SEIZURE_PLACE"),
        Charges(required=False),
        Persons(),
        Group(
            "SEIZED_FROM",
            "SeizedFrom",
            (
                Leaf("PERSON_REF", "@personRef", PERSON_REF_CONV, required=True, refers="person", what="PERSON_REF"),
                Leaf("PROFESSIONAL_RECEIVER", "@professionalReceiver", BOOL, required=True),
            ),
        ),
        person_ref("WITNESS_REF", "Witness/@personRef", required=True, many=True, high=2, unique="witness"),
        Leaf("GROUNDS", "Grounds", LONG, required=True),
        Group(
            "SEIZED_ITEMS",
            "Items",
            (
                Group(
                    "ITEM",
                    "Item",
                    (
                        Leaf("SR_NO", "@serial", SERIAL, required=True, unique="item", what="SR_NO"),
                        Leaf("EXHIBIT_NO", "ExhibitNumber", CODE, unique="exhibit", what="EXHIBIT_NO"),
                        Leaf("ITEM_DESC", "Description", LONG, required=True),
                        TextWithAttribute("QTY", "QTY_UNIT", "Quantity", "unit", QUANTITY, CODE),
                        Leaf("ITEM_VALUE", "ValueInr", AMOUNT),
                        Leaf("SEALED", "Sealed", BOOL, required=True),
                        Leaf("SEAL_SPECIMEN", "SealSpecimen", SHORT),
                    ),
                    required=True,
                    many=True,
                ),
            ),
            required=True,
        ),
        person_ref("SEAL_HANDED_TO_REF", "SealHandedTo/@personRef"),
        officer("SEIZING_OFFICER", "SeizingOfficer"),
    ),
    own_date=("SEIZURE_DT",),
    suffix=KeySuffix(
        "PROP_REG_NO",
        _REGISTER_NUMBER,
        lambda number: "-P" + number.replace("/", "-"),
        canonical="PropertyRegisterNumber",
    ),
    doc="IIF-IV: a search and seizure (fard), one per property register entry.",
)

# ------------------------------------------------------------------------------------------------ FSL_REQUEST


def _fsl_serial(rest: str) -> str | None:
    match = re.fullmatch(r"-FSL-([1-9][0-9]{0,2})", rest)
    return None if match is None else match[1]


FSL_REQUEST = RecordSpec(
    "forensic-request",
    "FSL_REQUEST",
    "ForensicRequest",
    (
        Leaf("LETTER_NO", "LetterNumber", CODE, required=True, doc="the forwarding letter's number"),
        Leaf("REQUEST_DT", "RequestedAt", DATETIME, required=True),
        lab(),
        Leaf("PRIORITY", "Priority", PRIORITIES, required=True),
        Leaf("PRIORITY_REASON", "PriorityReason", LONG),
        Charges(required=False),
        Leaf("BRIEF_FACTS", "BriefFacts", LONG),
        Persons(required=False),
        Group(
            "EXHIBITS",
            "Exhibits",
            (
                Group(
                    "EXHIBIT",
                    "Exhibit",
                    (
                        Leaf("EXHIBIT_NO", "@number", EXHIBIT_NUMBER, required=True, unique="exhibit"),
                        Leaf("PROP_REG_NO", "PropertyRegisterNumber", CODE),
                        Leaf("SEIZURE_SR_NO", "SeizureMemoSerial", SERIAL, required=True, doc="SR_NO in the memo"),
                        Leaf("EXHIBIT_DESC", "Description", LONG, required=True),
                        Leaf("SEAL_IMPRESSION", "SealImpression", SHORT),
                        person_ref("COLLECTED_FROM_REF", "CollectedFrom/@personRef"),
                    ),
                    required=True,
                    many=True,
                ),
            ),
            required=True,
        ),
        Group(
            "EXAMINATION",
            "Examination",
            (
                Leaf("EXHIBIT_NO", "@exhibit", EXHIBIT_NUMBER, required=True, refers="exhibit", what="EXHIBIT_NO"),
                Leaf("DISCIPLINE", "Discipline", DISCIPLINES, required=True),
                Leaf("QUESTION", "Question", LONG, required=True),
            ),
            required=True,
            many=True,
        ),
        officer("FORWARDING_OFFICER", "ForwardingOfficer"),
        officer("CARRIER", "Carrier", required=False, doc="who carries the exhibits to the lab"),
    ),
    own_date=("REQUEST_DT",),
    suffix=KeySuffix(
        "FSL_REQ_SNO",
        Integer(1, 999),
        lambda serial: f"-FSL-{serial}",
        parse=_fsl_serial,
        doc="the request's serial in the FIR (1, 2, ...); only in the record id",
    ),
    doc="A request to a forensic science laboratory to examine exhibits.",
)

# ------------------------------------------------------------------------------------------------ FINAL_REPORT

FINAL_REPORT = RecordSpec(
    "final-report",
    "FINAL_REPORT",
    "FinalReport",
    (
        Leaf("FR_NO", "ReportNumber", REPORT_NUMBER, required=True, doc="charge-sheet / final report number"),
        Leaf("FR_DT", "ReportDate", DATE, required=True),
        Leaf("FR_SEQUENCE", "Sequence", SEQUENCES, required=True),
        Leaf("SUPPL_OF_FR_NO", "SupplementsReportNumber", CODE, doc="the report a supplementary one adds to"),
        court("COURT", "Court"),
        Charges(),
        officer("IO_DETAILS", "InvestigatingOfficer", prefix="IO_"),
        Persons(),
        person_ref("COMPLAINANT_REF", "Complainant/@personRef"),
        Choice(
            (
                Group(
                    "CHARGE_SHEET",
                    "ChargeSheet",
                    (
                        Group(
                            "ACCUSED",
                            "Accused",
                            (
                                Leaf(
                                    "PERSON_REF",
                                    "@personRef",
                                    PERSON_REF_CONV,
                                    required=True,
                                    refers="person",
                                    unique="accused-person",
                                    what="PERSON_REF",
                                ),
                                Leaf("ACCUSED_CD", "@code", _ACCUSED_CODE, required=True, unique="accused-code"),
                                Leaf("NAME_VERIFIED", "NameVerified", BOOL, required=True),
                                Leaf("CRIMINAL_NO", "CriminalNumber", CODE),
                                Leaf("ARREST_DATE", "ArrestedOn", DATE),
                                Leaf("BAIL_DATE", "ReleasedOnBailOn", DATE),
                                Charges(canonical=None, default_element=None),
                                Leaf("ACCUSED_STATUS", "Status", ACCUSED_STATUSES, required=True),
                            ),
                            required=True,
                            many=True,
                        ),
                    ),
                    required=True,
                    doc="a charge-sheet",
                ),
                Group(
                    "CLOSURE",
                    "ClosureReport",
                    (
                        Leaf("CLOSURE_TYPE", "Kind", CLOSURES, required=True),
                        Leaf("CLOSURE_GROUNDS", "Grounds", LONG, required=True),
                        Leaf("ACTION_AGAINST_COMPLAINANT", "ActionAgainstComplainant", LONG),
                    ),
                    required=True,
                    doc="a closure report",
                ),
            )
        ),
        Group(
            "NOT_CHARGESHEETED",
            "AccusedNotChargeSheeted",
            (
                Leaf(
                    "PERSON_REF",
                    "@personRef",
                    PERSON_REF_CONV,
                    required=True,
                    refers="person",
                    unique="accused-person",
                    what="PERSON_REF",
                ),
                Leaf("ACCUSED_CD", "@code", _ACCUSED_CODE, required=True, unique="accused-code"),
                Leaf("REASON", "Reason", NOT_CHARGED_REASONS, required=True),
                Leaf("REASON_DETAILS", "Details", LONG),
            ),
            many=True,
        ),
        Group(
            "WITNESS",
            "Witness",
            (
                Leaf(
                    "PERSON_REF",
                    "@personRef",
                    PERSON_REF_CONV,
                    required=True,
                    refers="person",
                    unique="witness",
                    what="PERSON_REF",
                ),
                Leaf("WITNESS_TYPE", "@kind", WITNESS_KINDS, required=True),
            ),
            many=True,
        ),
        Group(
            "DOCUMENTS",
            "Documents",
            (
                Group(
                    "DOCUMENT",
                    "Document",
                    (
                        Leaf("DOC_SR_NO", "@serial", SERIAL, required=True, unique="document", what="DOC_SR_NO"),
                        Leaf("DOC_DESC", "Description", SHORT, required=True),
                        Leaf("DOC_REF", "Reference", CODE, doc="CAS document or record id"),
                    ),
                    required=True,
                    many=True,
                ),
            ),
        ),
        Group(
            "MATERIAL_OBJECTS",
            "MaterialObjects",
            (
                Group(
                    "MATERIAL_OBJECT",
                    "MaterialObject",
                    (
                        Leaf("PROP_REG_NO", "PropertyRegisterNumber", CODE, required=True),
                        Leaf("SEIZURE_SR_NO", "SeizureMemoSerial", SERIAL),
                        Leaf("OBJECT_DESC", "Description", LONG, required=True),
                    ),
                    required=True,
                    many=True,
                ),
            ),
        ),
        Group(
            "LAB_RESULT",
            "LabResult",
            (
                Leaf("LAB_CASE_NO", "LabCaseNumber", CODE, required=True),
                lab(),
                Leaf("LAB_REPORT_DT", "ReportDate", DATE),
                Leaf("CONCLUSION", "Conclusion", LONG),
            ),
            many=True,
        ),
        Group(
            "SANCTION",
            "Sanction",
            (
                Leaf("PROVISION", "Provision", SHORT, required=True),
                Leaf("AUTHORITY", "Authority", SHORT, required=True),
                Leaf("ORDER_NO", "OrderNumber", CODE),
                Leaf("ORDER_DT", "OrderDate", DATE),
            ),
        ),
        Leaf("VICTIM_MEDICAL_REPORT", "VictimMedicalReportAttached", BOOL, doc="BNSS 193(3)(h)"),
        Leaf("BRIEF_FACTS", "BriefFacts", LONG),
        officer("FORWARDING_OFFICER", "ForwardingOfficer", required=False, doc="the SHO who forwards it"),
    ),
    own_date=("FR_DT",),
    suffix=KeySuffix("FR_NO", REPORT_NUMBER, lambda number: "-FR-" + number.split("/")[0], canonical="ReportNumber"),
    doc="IIF-V: the charge-sheet or closure report sent to the court.",
)

SPECS: tuple[RecordSpec, ...] = (CRIME_DETAILS, ARREST_MEMO, SEIZURE_MEMO, FSL_REQUEST, FINAL_REPORT)
BY_NATIVE = {spec.native: spec for spec in SPECS}
BY_TYPE = {spec.record_type: spec for spec in SPECS}

__all__ = ["BY_NATIVE", "BY_TYPE", "SPECS", "RecordSpec"]
