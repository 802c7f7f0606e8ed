"""Realistic, deterministic demo data: counsellors, venues, clients with assessments and follow-up.

The same ``seed`` always gives the same office, so screenshots, tests and benchmarks can
rely on it. Names come in Chinese characters with their pinyin as the Latin name.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ciip_desktop.config import REFERENCE_DIR
from ciip_desktop.errors import UserError
from ciip_desktop.i18n import _
from ciip_desktop.models import (
    ActionStep,
    ApplicantRole,
    Base,
    Client,
    ClientStatus,
    ClientStatusChange,
    Counsellor,
    Meeting,
    MeetingChannel,
    NeedsAssessment,
    Role,
    Venue,
    new_id,
)
from ciip_desktop.services.clients import ClientService
from ciip_desktop.services.clients.file_numbers import next_file_numbers
from ciip_desktop.services.context import Actor, ServiceContext
from ciip_desktop.services.demo_pace import call_delay, phone_session, stand_in_pdf, withdrawal
from ciip_desktop.services.demo_time import OFFICE_ZONE, OfficeCalendar
from ciip_desktop.services.security.demo_accounts import demo_password_hash
from ciip_desktop.store.faults import fault_point

# Surnames with their usual pinyin (several have other readings, so they are not derived).
SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"),
    ("罗", "Luo"), ("高", "Gao"), ("梁", "Liang"), ("郑", "Zheng"), ("谢", "Xie"), ("宋", "Song"),
    ("唐", "Tang"), ("许", "Xu"), ("邓", "Deng"), ("冯", "Feng"), ("韩", "Han"), ("曹", "Cao"),
    ("曾", "Zeng"), ("彭", "Peng"), ("萧", "Xiao"), ("蔡", "Cai"), ("潘", "Pan"), ("田", "Tian"),
    ("董", "Dong"), ("袁", "Yuan"), ("于", "Yu"), ("余", "Yu"), ("叶", "Ye"), ("蒋", "Jiang"),
    ("杜", "Du"), ("苏", "Su"), ("魏", "Wei"), ("程", "Cheng"), ("吕", "Lyu"), ("丁", "Ding"),
    ("欧阳", "Ouyang"), ("司马", "Sima"),
]  # fmt: skip
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞辉建国新宇晨浩然子轩欣怡"
    "思雨佳琪梓涵一诺嘉文俊峰海燕志雯婷颖晓东立波"
)
RESIDENCE = ["Guangzhou", "Shenzhen", "Beijing", "Shanghai", "Foshan", "Dongguan", "Xiamen"]
STREAMS = [
    "Federal Skilled Worker", "Provincial Nominee Program", "Quebec Skilled Worker",
    "Family sponsorship", "Start-up Visa", "Canadian Experience Class",
]  # fmt: skip
PROVINCE_WEIGHTS = {"ON": 38, "BC": 26, "AB": 12, "QC": 8, "MB": 5, "SK": 4, "NS": 4, "NB": 3}
# Chinese mobile prefixes that are allocated in full (phonenumbers accepts every number).
MOBILE_PREFIXES = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "176", "177", "180", "181", "186", "187", "188", "189",
]  # fmt: skip
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com"]
CONCERNS = [
    "credential_recognition", "licensing", "language", "job_search",
    "housing", "schools", "health", "money",
]  # fmt: skip
ACTIVITIES = [
    "Reviewed the information package and the licensing steps for the intended occupation",
    "Drafted a Canadian-style résumé together",
    "Looked up the regulator's requirements and fees",
    "Registered the client for an online ECA application",
    "Practised a job interview by phone",
    "Found LINC classes near the destination",
]
STEPS = [
    "Send transcripts to World Education Services",
    "Book an IELTS General Training test",
    "Open a Job Bank account and set job alerts",
    "Contact the regulator about the licensing exam",
    "Rewrite the résumé in Canadian format",
    "Join a professional association's newcomer group",
    "Look for temporary housing near the destination",
]
COUNSELLORS = [
    ("chenjing", "Chen Jing", Role.SUPERVISOR),
    ("lina", "Li Na", Role.COUNSELLOR),
    ("wangfang", "Wang Fang", Role.COUNSELLOR),
    ("liuyang", "Liu Yang", Role.COUNSELLOR),
    ("zhaolei", "Zhao Lei", Role.COUNSELLOR),
    ("admin", "Office administrator", Role.ADMINISTRATOR),
]
VENUES = [
    ("CIIP office, training room", "Guangzhou", "", 40),
    ("Partner bank meeting room", "Beijing", "Partner bank, Beijing branch", 30),
    ("Partner bank conference hall", "Shanghai", "Partner bank, Shanghai branch", 35),
]
BATCH = 2000

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    counsellors: int
    assessments: int
    meetings: int


def _reference_choices() -> tuple[list[str], dict[str, list[str]]]:
    """Occupations clients often intend, and the main cities of each destination province."""
    with (REFERENCE_DIR / "noc2021-common.csv").open(encoding="utf-8") as fh:
        nocs = [row["noc"] for row in csv.DictReader(fh)]
    with (REFERENCE_DIR / "provinces.csv").open(encoding="utf-8") as fh:
        cities = {row["code"]: row["main_cities"].split(";") for row in csv.DictReader(fh)}
    return nocs, {code: cities.get(code) or [code] for code in PROVINCE_WEIGHTS}


class _Cancelled(Exception):
    """The progress callback asked to stop: the whole demo transaction is rolled back."""


class DemoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        ClientService(ctx)  # installs the search-index hook before any client is written

    def fill(
        self, actor: Actor, clients: int, seed: int = 1, progress: Progress | None = None
    ) -> DemoSummary:
        """Add ``clients`` demo clients (and the office's staff and venues, once).

        All of it is one transaction: a kill, a full disk or a cancel (``progress``
        returning False) leaves no demo client at all, and the summary then counts none.
        """
        if clients < 0:
            raise UserError(_("The number of demo clients cannot be negative."))
        rng = random.Random(seed)
        now = datetime.now(UTC)
        calendar = OfficeCalendar(now.astimezone(OFFICE_ZONE).date())
        nocs, cities = _reference_choices()
        done = assessments = meetings = 0
        try:
            with self.ctx.write(actor) as session:
                staff = self._staff(session)
                session.merge(stand_in_pdf())
                while done < clients:
                    size = min(BATCH, clients - done)
                    numbers = next_file_numbers(
                        session,
                        self.ctx.replica.office_code,
                        self.ctx.replica.device_code,
                        calendar.today.year,
                        size,
                    )
                    rows: list[Base] = []
                    for file_no in numbers:
                        a, m = self._client(rows, rng, file_no, staff, nocs, cities, calendar)
                        assessments += a
                        meetings += m
                    # Foreign keys are checked at commit, so the rows may flush in any order.
                    session.add_all(rows)
                    session.flush()
                    session.expunge_all()  # written: the session need not keep them
                    done += size
                    fault_point("demo:batch-written")
                    if progress is not None and not progress(done, clients):
                        raise _Cancelled
        except _Cancelled:
            return DemoSummary(0, 0, 0, 0)
        if done:  # sessions for the demo's clients (the calendar's modules load only then)
            from ciip_desktop.services.demo_calendar import DemoCalendar

            DemoCalendar(self.ctx).fill(actor, seed, calendar.today)
            from ciip_desktop.services.demo_quality import DemoQuality

            DemoQuality(self.ctx).fill(actor, seed, calendar.today)
        return DemoSummary(done, len(staff), assessments, meetings)

    def _staff(self, session: Session) -> list[str]:
        office_id = self.ctx.replica.office_id
        existing = {c.username: c.id for c in session.scalars(select(Counsellor))}
        for username, name, role in COUNSELLORS:
            if username not in existing:
                person = Counsellor(
                    office_id=office_id,
                    username=username,
                    display_name=name,
                    role=role.value,
                    email=f"{username}@ciip.example.org",
                    password_hash=demo_password_hash(),
                )
                session.add(person)
                session.flush()
                existing[username] = person.id
        if not session.scalar(select(func.count()).select_from(Venue)):
            for name, city, partner, capacity in VENUES:
                session.add(
                    Venue(
                        office_id=office_id,
                        name=name,
                        city=city,
                        partner=partner,
                        capacity=capacity,
                    )
                )
        return [existing[u] for u, _n, role in COUNSELLORS if role is not Role.ADMINISTRATOR]

    def _client(
        self,
        rows: list[Base],
        rng: random.Random,
        file_no: str,
        staff: Sequence[str],
        nocs: Sequence[str],
        cities: dict[str, list[str]],
        calendar: OfficeCalendar,
    ) -> tuple[int, int]:
        """One client and its history, every step on a later working day, in office hours,
        and none of it after today."""
        from pypinyin import Style, lazy_pinyin  # its dictionaries load in ~0.3 s: not at start

        today = calendar.today
        family, family_py = rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
        given_py = "".join(lazy_pinyin(given, style=Style.NORMAL)).capitalize()
        received = calendar.on_or_before(today - timedelta(days=rng.randint(1, 365)))
        keyed_in = calendar.moment(rng, received)
        counsellor = rng.choice(staff)
        signed = rng.random() < 0.92
        client = Client(
            id=new_id(),
            created_at=keyed_in,
            file_no=file_no,
            office_id=self.ctx.replica.office_id,
            counsellor_id=counsellor,
            family_name=family_py,
            given_name=given_py,
            chinese_name=family + given,
            pinyin=f"{family_py} {given_py}",
            sex=rng.choice("FM"),
            date_of_birth=date(rng.randint(1968, 2002), rng.randint(1, 12), rng.randint(1, 28)),
            phone=f"+86{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}",
            email=f"{family_py.lower()}{given_py.lower()}{rng.randint(1, 999)}"
            f"@{rng.choice(EMAIL_DOMAINS)}",
            wechat_id=f"wx_{family_py.lower()}{rng.randint(1000, 99999)}",
            city_of_residence=rng.choice(RESIDENCE),
            immigration_stream=rng.choice(STREAMS),
            applicant_role=ApplicantRole.PRINCIPAL.value,
            registration_channel=rng.choice(["mail", "mail", "fax", "email", "walk_in"]),
            received_on=received,
            signature_on_file=signed,
            signature_date=received if signed else None,
            consent_to_share=rng.random() < 0.8,
        )
        rows.append(client)
        status = ClientStatus.REGISTERED
        history = [(status, keyed_in)]
        assessed = meetings = 0
        on = calendar.add_working_days(received, call_delay(rng))
        if signed and rng.random() < 0.9 and on < today:
            province = rng.choices(list(PROVINCE_WEIGHTS), weights=list(PROVINCE_WEIGHTS.values()))[
                0
            ]
            assessed_at = calendar.moment(rng, on)
            rows.append(
                NeedsAssessment(
                    client_id=client.id,
                    created_at=assessed_at,
                    counsellor_id=counsellor,
                    assessed_on=on,
                    complete=True,
                    destination_province=province,
                    destination_city=rng.choice(cities[province]),
                    expected_departure=received + timedelta(days=rng.randint(45, 330)),
                    intended_noc=rng.choice(nocs),
                    career_goals="",
                    education_level=rng.choice(["bachelor", "master", "college", "doctorate"]),
                    years_experience=rng.randint(1, 20),
                    english_clb=rng.randint(4, 9),
                    french_nclc=rng.choice([None, None, None, 4, 5, 7]),
                    concerns=",".join(sorted(rng.sample(CONCERNS, rng.randint(2, 4)))),
                    session_preference=rng.choice(["group", "group", "one_on_one", "phone"]),
                )
            )
            assessment = rows[-1]
            assert isinstance(assessment, NeedsAssessment)
            assessed = 1
            status = ClientStatus.ASSESSED
            history.append((status, assessed_at))
            if rng.random() < 0.55:
                group_day = calendar.add_working_days(on, rng.randint(8, 30))
                for channel, day in (
                    (MeetingChannel.GROUP, group_day),
                    (MeetingChannel.ONE_ON_ONE, calendar.add_working_days(group_day, 1)),
                ):
                    if day >= today:
                        break
                    held_at = calendar.moment(rng, day)
                    meeting = Meeting(
                        id=new_id(),
                        created_at=held_at,
                        client_id=client.id,
                        counsellor_id=counsellor,
                        held_on=day,
                        channel=channel.value,
                        activity=rng.choice(ACTIVITIES),
                    )
                    rows.append(meeting)
                    meetings += 1
                    status = (
                        ClientStatus.GROUP_ATTENDED
                        if channel is MeetingChannel.GROUP
                        else ClientStatus.ONE_ON_ONE_DONE
                    )
                    history.append((status, held_at))
                    for text in rng.sample(STEPS, 2):
                        rows.append(self._step(rng, calendar, meeting, text))
            elif assessment.session_preference == "phone":
                held = phone_session(
                    rows, rng, calendar, client, counsellor, on, rng.choice(ACTIVITIES)
                )
                history.extend(held)
                meetings += bool(held)
                status = held[-1][0] if held else status
        elif withdrawal(rows, rng, calendar, client, counsellor):
            status = ClientStatus.WITHDRAWN  # its history entry carries the reason
        client.status = status.value
        for step_status, moment in history:
            rows.append(
                ClientStatusChange(
                    client_id=client.id,
                    created_at=moment,
                    status=step_status.value,
                    changed_at=moment,
                    counsellor_id=counsellor,
                )
            )
        return assessed, meetings

    @staticmethod
    def _step(
        rng: random.Random,
        calendar: OfficeCalendar,
        meeting: Meeting,
        text: str,
    ) -> ActionStep:
        """An action step agreed at a meeting (recorded just after it): open, or done on a
        day after it was agreed and not after yesterday."""
        held_on = meeting.held_on
        due = held_on + timedelta(days=rng.randint(14, 45))
        done_on: date | None = None
        # Steps long past due were nearly all done; recent ones are often still open.
        if rng.random() < (0.95 if due < calendar.today - timedelta(days=30) else 0.6):
            last = min(due + timedelta(days=7), calendar.today - timedelta(days=1))
            if last > held_on:
                done_on = held_on + timedelta(days=rng.randint(1, (last - held_on).days))
        return ActionStep(
            client_id=meeting.client_id,
            created_at=meeting.created_at + timedelta(minutes=rng.randint(5, 20)),
            meeting_id=meeting.id,
            text=text,
            due_on=due,
            done=done_on is not None,
            done_on=done_on,
        )
