"""Pictures of the Clients screen and its two forms for the documentation, drawn offscreen.

``python -m ciip_desktop.ui.tools.client_forms docs/screenshots --lang en`` writes
``clients-list-<lang>.png``, ``registration-<lang>.png`` and ``assessment-<lang>.png`` from a
temporary database holding a dozen realistic clients; the user's own files are not touched.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from ciip_desktop.services.bundle import Services
from ciip_desktop.services.clients.types import (
    ActionStepInput,
    AssessmentInput,
    MeetingInput,
    RegistrationInput,
)
from ciip_desktop.services.context import Actor
from ciip_desktop.services.demo import DemoService
from ciip_desktop.ui.tools.tool_main import discard, run_tool, scratch_office

SIZE = (1280, 800)  # the laptop screen the office plans for (README pictures too)

# family, given, 中文名, phone, e-mail, province, city, NOC, CLB
PEOPLE = [
    ("Zhang", "Wei", "张伟", "138 0013 8000", "zhangwei@example.com", "ON", "Toronto", "21300", 7),
    ("He", "Qian", "何倩", "139 1234 5678", "heqian88@example.com", "BC", "Vancouver", "31301", 8),
    ("Gao", "Yuan", "高远", "137 2222 3333", "", "ON", "Ottawa", "11100", 6),
    ("Xie", "Ting", "谢婷", "", "xieting@example.cn", "AB", "Calgary", "21231", 9),
    ("Ouyang", "Zixuan", "欧阳子轩", "135 8888 9999", "", "", "", "", 0),
    ("Tang", "Jun", "唐俊", "136 4444 1234", "tangjun@example.com", "QC", "Montréal", "", 5),
    ("Huang", "Xiaoming", "黄晓明", "158 1111 2222", "", "MB", "Winnipeg", "72410", 5),
    ("Smith", "Anna", "", "+1 416 555 0123", "anna.smith@example.ca", "NS", "Halifax", "", 0),
    ("Feng", "Bo", "冯波", "186 2020 3030", "fengbo@example.com", "SK", "Saskatoon", "", 0),
    ("Sun", "Li", "孙丽", "131 5555 6666", "", "BC", "Burnaby", "41220", 7),
    ("Nguyen", "Thi Lan", "", "+1 604 555 0199", "lan.nguyen@example.ca", "", "", "", 0),
    ("Lin", "Hao", "林浩", "189 7777 8888", "linhao@example.cn", "ON", "Markham", "", 0),
]


def seed(services: Services, actor: Actor, today: date) -> list[str]:
    """Register the clients above with assessments, a meeting or two and action steps."""
    ids: list[str] = []
    staff = [cid for cid, name in services.clients.counsellors() if "admin" not in name.lower()]
    for n, (family, given, chinese, phone, email, province, city, noc, clb) in enumerate(PEOPLE):
        received = today - timedelta(days=3 + 9 * n)
        detail = services.clients.register(
            actor,
            RegistrationInput(
                family_name=family,
                given_name=given,
                chinese_name=chinese,
                sex="F" if n % 3 == 1 else "M",
                date_of_birth=date(1978 + n, 1 + n % 12, 3 + n),
                phone=phone,
                email=email,
                city_of_residence="Guangzhou" if n % 2 else "Shenzhen",
                immigration_stream="Federal Skilled Worker",
                registration_channel=("mail", "email", "fax")[n % 3],
                received_on=received,
                signature_on_file=n != 4,
                signature_date=received if n != 4 else None,
                consent_to_share=True,
                counsellor_id=staff[n % len(staff)] if staff else None,
            ),
        )
        ids.append(detail.id)
        if province:
            services.assessments.save(
                actor,
                detail.id,
                AssessmentInput(
                    destination_province=province,
                    destination_city=city,
                    expected_departure=today + timedelta(days=20 + 17 * n),
                    intended_noc=noc,
                    english_clb=clb or None,
                    concerns=("licensing", "job_search"),
                    session_preference="group",
                    assessed_on=received + timedelta(days=2),
                ),
                complete=bool(noc and clb),
            )
        if n in (0, 1, 3):
            services.casework.record_meeting(
                actor,
                detail.id,
                MeetingInput(
                    held_on=today - timedelta(days=20),
                    channel="group",
                    activity="Labour-market information session (Guangzhou office)",
                ),
                [
                    ActionStepInput("Send transcripts to WES", today - timedelta(days=4)),
                    ActionStepInput("Book an IELTS General Training test", today + timedelta(7)),
                ],
            )
    # The client is another counsellor's: the office (not Li Na) records the withdrawal.
    services.clients.set_status(Actor.system(), ids[8], "withdrawn", "Application refused")
    return ids


def render(outdir: Path, language: str) -> list[Path]:
    """Draw the three pictures for ``language`` into ``outdir``; returns the files written."""
    from ciip_desktop.ui.clients.assessment_form import AssessmentForm
    from ciip_desktop.ui.clients.registration_form import RegistrationForm
    from ciip_desktop.ui.clients.screen import ClientsScreen
    from ciip_desktop.ui.screenshot import render_window_png

    written: list[Path] = []
    with scratch_office(language, "ciip-client-shots-") as (ctx, services):
        DemoService(ctx).fill(Actor.system(), 0)  # the office's staff, no demo clients
        actor = ctx.counsellor_actor("lina")
        ids = seed(services, actor, date.today())

        screen = ClientsScreen(services, actor)
        screen.resize(*SIZE)
        screen.open_client(ids[1])
        screen.detail.tabs.setCurrentIndex(screen.detail.FOLLOW_UP_TAB)
        written.append(outdir / f"clients-list-{language}.png")
        render_window_png(screen, written[-1])

        form = RegistrationForm(services, actor, None)
        form.text_field("family_name").setText("Zhang")
        form.text_field("given_name").setText("Wei")
        form.text_field("chinese_name").setText("张伟")
        form.text_field("phone").setText("138 0013 8001")
        form.date_field("date_of_birth").setText("1978-01-03")
        form.flush()
        written.append(outdir / f"registration-{language}.png")
        render_window_png(form, written[-1])

        view = services.assessments.get(actor, ids[2])
        assessment = AssessmentForm(
            services,
            actor,
            ids[2],
            view,
            screen.reference,
            client_name="GAO, Yuan (高远)",
        )
        assessment.english.test.set_code("ielts")
        for box, score in zip(assessment.english.scores, (6.5, 6.0, 6.0, 6.5), strict=True):
            box.setValue(score)
        written.append(outdir / f"assessment-{language}.png")
        render_window_png(assessment, written[-1])
        screen.shutdown()  # before the widgets go: its worker is its own
        discard(form, assessment, screen)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool(render, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
