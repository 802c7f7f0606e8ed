"""Every field of a client record, declared once: label, kind, choices, import synonyms, limits.

The registration form, the client tables, the import columns, the export headers and the
validation rules derive from these declarations instead of listing the fields again. Labels
and choice labels are English message ids marked with ``N_``; :meth:`ClientField.title` and
:meth:`Choice.title` translate them when shown, so a language switch changes them.

Synonyms are the other ways offices head a column or write a value, in English, Chinese and
French. The translated labels in every UI language are synonyms too without being listed
(see :mod:`.matching`), so an export in any language imports again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from ciip_desktop.i18n import N_, _
from ciip_desktop.services.clients.status import LABELS as STATUS_LABELS


class Kind(StrEnum):
    TEXT = "text"  # one line
    MULTILINE = "multiline"  # line breaks and tabs allowed (notes)
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"  # one of ``choices`` (or free text too when ``open_choice``)
    INT = "int"


class Part(StrEnum):
    """Where a field's value lives."""

    RECORD = "record"  # kept by the record itself (file number, status): exported, not typed
    REGISTRATION = "registration"  # RegistrationInput
    ASSESSMENT = "assessment"  # AssessmentInput (the needs assessment)


@dataclass(frozen=True)
class Choice:
    code: str  # what is stored
    label: str  # English, marked with N_; translated by title()
    synonyms: tuple[str, ...] = ()

    def title(self) -> str:
        return _(self.label)


@dataclass(frozen=True)
class ClientField:
    name: str  # the attribute of RegistrationInput / AssessmentInput / Client
    label: str  # English, marked with N_; translated by title()
    kind: Kind
    part: Part
    choices: tuple[Choice, ...] = ()
    open_choice: bool = False  # text outside the choices is kept as typed
    synonyms: tuple[str, ...] = ()  # other column headings, in English, Chinese and French
    max_length: int | None = None
    required: bool = False
    imported: bool = True  # a column of the import template
    exported: bool = True  # a column of the export
    # Says who the client is or how to reach them (names, birth date, contacts, notes): kept
    # out of logs, and blanked from the change log once sync no longer needs an old value.
    personal: bool = False

    @property
    def single_line(self) -> bool:
        return self.kind is not Kind.MULTILINE

    def title(self) -> str:
        """The translated label, as headings, forms and problem lists show the field."""
        return _(self.label)

    def choice(self, code: str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)

    def choice_labels(self) -> dict[str, str]:
        """Code → English label (marked, not translated), as the code combo boxes take them."""
        return {c.code: c.label for c in self.choices}

    def value_label(self, code: str) -> str:
        """The translated label of a stored code; a code not in the choices is shown as is."""
        found = self.choice(code)
        return found.title() if found is not None else code


SEXES = (
    Choice("F", N_("Female"), ("F", "woman", "女", "女性", "femme", "féminin", "feminin")),
    Choice("M", N_("Male"), ("M", "man", "男", "男性", "H", "homme", "masculin")),
    Choice("X", N_("Other"), ("X", "其他", "autre", "non binaire", "non-binary")),
)
REGISTRATION_CHANNELS = (
    Choice("mail", N_("Mail"), ("post", "letter", "信件", "courrier", "poste")),
    Choice("fax", N_("Fax"), ("传真", "télécopie", "telecopie", "télécopieur")),
    Choice("email", N_("E-mail"), ("e-mail", "电子邮件", "邮箱", "电邮", "courriel")),
    Choice(
        "walk_in",
        N_("In person"),
        ("walk-in", "walk in", "上门", "现场", "亲自", "sur place", "en personne"),
    ),
)
APPLICANT_ROLES = (
    Choice(
        "principal", N_("Principal applicant"), ("principal", "主申请人", "demandeur principal")
    ),
    Choice(
        "family_member",
        N_("Accompanying family member"),
        ("family member", "family", "随行家属", "家属", "membre de la famille", "famille"),
    ),
)
# Stored as the programme's English name; other text is kept as typed.
IMMIGRATION_STREAMS = (
    Choice("Federal Skilled Worker", N_("Federal Skilled Worker"), ("FSW", "FSWP")),
    Choice("Canadian Experience Class", N_("Canadian Experience Class"), ("CEC",)),
    Choice("Federal Skilled Trades", N_("Federal Skilled Trades"), ("FST", "FSTP")),
    Choice("Provincial Nominee Program", N_("Provincial Nominee Program"), ("PNP",)),
    Choice("Quebec Skilled Worker", N_("Quebec Skilled Worker"), ("QSW", "PRTQ")),
    Choice("Start-up Visa", N_("Start-up Visa"), ("SUV",)),
    Choice("Family sponsorship", N_("Family sponsorship"), ()),
)
STATUSES = tuple(Choice(code, label) for code, label in STATUS_LABELS.items())

R, A = Part.REGISTRATION, Part.ASSESSMENT

# In the order of the paper registration form, then the assessment columns of the import.
FIELDS: tuple[ClientField, ...] = (
    ClientField(
        "file_no",
        N_("File no."),
        Kind.TEXT,
        Part.RECORD,
        synonyms=("file number", "档案号", "文件号", "编号", "no de dossier", "dossier"),
        max_length=32,
        imported=False,
    ),
    ClientField(
        "status",
        N_("Status"),
        Kind.CHOICE,
        Part.RECORD,
        choices=STATUSES,
        synonyms=("状态", "statut"),
        imported=False,
    ),
    ClientField(
        "family_name",
        N_("Family name"),
        Kind.TEXT,
        R,
        synonyms=("surname", "last name", "姓", "姓氏", "nom", "nom de famille"),
        max_length=100,
        personal=True,
    ),
    ClientField(
        "given_name",
        N_("Given names"),
        Kind.TEXT,
        R,
        synonyms=("given name", "first name", "first names", "名", "名字", "prénom", "prénoms"),
        max_length=100,
        personal=True,
    ),
    ClientField(
        "chinese_name",
        N_("Chinese name"),
        Kind.TEXT,
        R,
        synonyms=("姓名", "中文名", "中文名字", "中文姓名", "nom chinois"),
        max_length=50,
        personal=True,
    ),
    ClientField(
        "pinyin",
        N_("Pinyin"),
        Kind.TEXT,
        R,
        synonyms=("拼音", "姓名拼音", "passport name", "护照姓名"),
        max_length=120,
        personal=True,
    ),
    ClientField(
        "sex", N_("Sex"), Kind.CHOICE, R, choices=SEXES, synonyms=("gender", "性别", "genre")
    ),
    ClientField(
        "date_of_birth",
        N_("Date of birth"),
        Kind.DATE,
        R,
        synonyms=(
            "birth date",
            "birthdate",
            "DOB",
            "born",
            "出生日期",
            "生日",
            "date de naissance",
        ),
        personal=True,
    ),
    ClientField(
        "phone",
        N_("Phone"),
        Kind.TEXT,
        R,
        synonyms=(
            "telephone",
            "phone number",
            "mobile",
            "cell",
            "tel",
            "电话",
            "手机",
            "手机号",
            "电话号码",
            "联系电话",
            "téléphone",
            "cellulaire",
        ),
        max_length=32,
        personal=True,
    ),
    ClientField(
        "email",
        N_("E-mail"),
        Kind.TEXT,
        R,
        synonyms=("email address", "e-mail address", "邮箱", "电子邮箱", "电子邮件", "courriel"),
        max_length=254,
        personal=True,
    ),
    ClientField(
        "wechat_id",
        N_("WeChat ID"),
        Kind.TEXT,
        R,
        synonyms=("WeChat", "微信", "微信号", "identifiant WeChat"),
        max_length=64,
        personal=True,
    ),
    ClientField(
        "city_of_residence",
        N_("City of residence"),
        Kind.TEXT,
        R,
        synonyms=(
            "city",
            "residence",
            "居住城市",
            "现居城市",
            "城市",
            "ville",
            "ville de résidence",
        ),
        max_length=100,
    ),
    ClientField(
        "immigration_stream",
        N_("Immigration stream"),
        Kind.CHOICE,
        R,
        choices=IMMIGRATION_STREAMS,
        open_choice=True,
        synonyms=(
            "stream",
            "program",
            "programme",
            "移民类别",
            "移民项目",
            "catégorie d'immigration",
        ),
        max_length=100,
    ),
    ClientField(
        "applicant_role",
        N_("Applicant"),
        Kind.CHOICE,
        R,
        choices=APPLICANT_ROLES,
        synonyms=("applicant role", "role", "申请人", "申请人类别", "demandeur"),
    ),
    ClientField(
        "principal_file_no",
        N_("Principal applicant"),
        Kind.TEXT,
        R,
        synonyms=("principal's file no.", "主申请人档案号", "dossier du demandeur principal"),
        max_length=32,
    ),
    ClientField(
        "registration_channel",
        N_("Received by"),
        Kind.CHOICE,
        R,
        choices=REGISTRATION_CHANNELS,
        synonyms=("channel", "registration channel", "递交方式", "收到方式", "reçue par"),
    ),
    ClientField(
        "received_on",
        N_("Date received"),
        Kind.DATE,
        R,
        synonyms=(
            "received",
            "received on",
            "收到日期",
            "接收日期",
            "date de réception",
            "reçue le",
        ),
        required=True,
    ),
    ClientField(
        "signature_on_file",
        N_("Signature on file"),
        Kind.BOOL,
        R,
        synonyms=("signed", "signature", "已签名", "签名", "signé", "signée"),
    ),
    ClientField(
        "signature_date",
        N_("Date signed"),
        Kind.DATE,
        R,
        synonyms=("signature date", "signed on", "签名日期", "date de signature", "signée le"),
    ),
    ClientField(
        "consent_to_share",
        N_("Consent to share"),
        Kind.BOOL,
        R,
        synonyms=("consent", "同意", "同意共享", "consentement"),
    ),
    ClientField(  # one of the office's counsellors, by id
        "counsellor_id",
        N_("Counsellor"),
        Kind.CHOICE,
        R,
        synonyms=("顾问", "conseiller", "conseillère"),
        imported=False,
        exported=False,
    ),
    ClientField(
        "destination_province",
        N_("Destination province"),
        Kind.TEXT,
        A,
        synonyms=("province", "目的地省份", "省份", "province de destination"),
        max_length=2,
    ),
    ClientField(
        "destination_city",
        N_("Destination city"),
        Kind.TEXT,
        A,
        synonyms=("目的地城市", "ville de destination"),
        max_length=100,
    ),
    ClientField(
        "expected_departure",
        N_("Expected departure"),
        Kind.DATE,
        A,
        synonyms=("departure", "departure date", "出发日期", "预计出发日期", "date de départ"),
    ),
    ClientField(
        "intended_noc",
        N_("Intended occupation (NOC)"),
        Kind.TEXT,
        A,
        synonyms=("NOC", "intended NOC", "目标职业", "职业代码", "profession visée", "CNP"),
        max_length=5,
    ),
    ClientField(
        "english_clb",
        N_("English (CLB)"),
        Kind.INT,
        A,
        synonyms=("CLB", "English level", "英语水平", "英语CLB", "niveau d'anglais", "anglais"),
    ),
    ClientField(
        "notes",
        N_("Notes"),
        Kind.MULTILINE,
        R,
        synonyms=("note", "remarks", "comments", "备注", "说明", "remarques", "commentaires"),
        personal=True,
    ),
)

BY_NAME: Mapping[str, ClientField] = MappingProxyType({f.name: f for f in FIELDS})
REGISTRATION_FIELDS: tuple[ClientField, ...] = tuple(f for f in FIELDS if f.part is R)
ASSESSMENT_FIELDS: tuple[ClientField, ...] = tuple(f for f in FIELDS if f.part is A)
# The import template: what a new registration arrives with.
TEMPLATE_COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.imported)
ASSESSMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in ASSESSMENT_FIELDS if f.imported)
# The export: the record's own file number and status first, then the template's columns.
EXPORT_COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.exported)
# What the importer recognises: the template, plus the file number and status of an export.
IMPORT_COLUMNS: tuple[str, ...] = EXPORT_COLUMNS
MAX_LENGTHS: Mapping[str, int] = MappingProxyType(
    {f.name: f.max_length for f in REGISTRATION_FIELDS if f.max_length is not None}
)


def field(name: str) -> ClientField:
    """The declaration of the field ``name`` (KeyError for a name that is not a field)."""
    return BY_NAME[name]


def title(name: str) -> str:
    """The translated label of the field ``name``; an unknown name is shown as it is."""
    found = BY_NAME.get(name)
    return found.title() if found is not None else name
