"""Documents of the organisation: the minutes of a meeting and the resolutions of a body, as
PDF (HTML rendered by WeasyPrint) and DOCX (python-docx), and the Markdown of minutes as
sanitised HTML for pages.

Minutes contain the attendance, the agenda, the text of the minutes and every motion with
its vote count, conflicts of interest, result and resolution number.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import markdown as md
import nh3
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kpss.governance.models import Attendance, Body, Meeting, Motion
from kpss.governance.selectors import meeting_roll, resolutions

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "blockquote", "code", "pre", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr",
    "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def markdown_html(text: str) -> SafeString:
    """Markdown → HTML with only an allow-list of tags; headings start at h2 (the page has
    its h1). Whatever else the author typed (scripts, styles, events) is dropped."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above


@dataclass
class MotionRow:
    motion: Motion
    counts: dict[str, Any]
    conflicts: list[tuple[str, str]]


def _motion_rows(motions: Any) -> list[MotionRow]:
    rows = []
    for motion in motions:
        conflicts = [(c.person.name, c.reason) for c in motion.conflicts.select_related("person")]
        rows.append(
            MotionRow(motion=motion, counts=motion.result_detail or {}, conflicts=conflicts)
        )
    return rows


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    text = formats.date_format(start, "j. n. Y H:i")
    if meeting.ends_at:
        text += "–" + formats.date_format(timezone.localtime(meeting.ends_at), "H:i")
    return text


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    roll = meeting_roll(meeting=meeting)
    by_status: dict[str, list[str]] = {status: [] for status in Attendance.Status.values}
    unrecorded: list[str] = []
    guests: list[str] = []
    for row in roll:
        if row["is_guest"]:
            guests.append(row["person"].name)
        elif row["status"]:
            by_status[row["status"]].append(row["person"].name)
        else:
            unrecorded.append(row["person"].name)
    motions = meeting.motions.order_by("created_at", "id")
    return {
        "meeting": meeting,
        "body": meeting.body,
        "when": _when(meeting),
        "present": by_status[Attendance.Status.PRESENT],
        "excused": by_status[Attendance.Status.EXCUSED],
        "absent": by_status[Attendance.Status.ABSENT],
        "unrecorded": unrecorded,
        "guests": guests,
        "agenda": list(meeting.agenda.select_related("need")),
        "minutes_html": markdown_html(meeting.minutes),
        "motions": _motion_rows(motions),
        "generated": formats.date_format(timezone.localtime(), "j. n. Y H:i"),
    }


def resolutions_context(body: Body, *, public: bool = False) -> dict[str, Any]:
    return {
        "body": body,
        "motions": _motion_rows(resolutions(body=body, public=public)),
        "generated": formats.date_format(timezone.localtime(), "j. n. Y H:i"),
    }


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return bytes(HTML(string=html).write_pdf())


def minutes_pdf(meeting: Meeting) -> bytes:
    return _pdf("governance/documents/minutes.html", minutes_context(meeting))


def resolutions_pdf(body: Body, *, public: bool = False) -> bytes:
    return _pdf("governance/documents/resolutions.html", resolutions_context(body, public=public))


def minutes_filename(meeting: Meeting, extension: str) -> str:
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    return f"zapis-{slugify(meeting.body.code)}-{day}.{extension}"


def resolutions_filename(body: Body, extension: str) -> str:
    return f"usneseni-{slugify(body.code)}.{extension}"


# DOCX -----------------------------------------------------------------------------------------


def _count_line(counts: dict[str, Any]) -> str:
    return _(
        "For %(for)s, against %(against)s, abstained %(abstain)s, not voting %(not_voted)s; "
        "excluded for a conflict of interest %(excluded)s."
    ) % {
        "for": counts.get("votes_for", 0),
        "against": counts.get("votes_against", 0),
        "abstain": counts.get("abstained", 0),
        "not_voted": counts.get("not_voted", 0),
        "excluded": counts.get("excluded", 0),
    }


def _quorum_line(counts: dict[str, Any]) -> str:
    return _(
        "Voting members %(members)s, taking part %(part)s, quorum needs %(needed)s; "
        "votes needed to adopt %(votes)s."
    ) % {
        "members": counts.get("voting_members", 0),
        "part": counts.get("taking_part", 0),
        "needed": counts.get("quorum_needed", 0),
        "votes": counts.get("votes_needed", 0),
    }


def _markdown_to_docx(document: Any, text: str) -> None:
    """The minutes' Markdown as Word paragraphs: headings, bullet and numbered lists, text."""
    paragraph_lines: list[str] = []

    def flush() -> None:
        if paragraph_lines:
            document.add_paragraph(_plain(" ".join(paragraph_lines)))
            paragraph_lines.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            level = min(len(line) - len(line.lstrip("#")) + 1, 4)
            document.add_heading(_plain(line.lstrip("#").strip()), level=level)
        elif re.match(r"^[-*+] ", line):
            flush()
            document.add_paragraph(_plain(line[2:]), style="List Bullet")
        elif re.match(r"^\d+[.)] ", line):
            flush()
            document.add_paragraph(_plain(line.split(" ", 1)[1]), style="List Number")
        else:
            paragraph_lines.append(line)
    flush()


def _plain(text: str) -> str:
    """Inline Markdown emphasis and links reduced to their text."""
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1 (\2)", text)
    return re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", text)


def _motions_docx(document: Any, rows: list[MotionRow], *, with_body: bool = False) -> None:
    for row in rows:
        motion = row.motion
        heading = motion.title
        if motion.number:
            heading = _("Resolution %(number)s: %(title)s") % {
                "number": motion.number,
                "title": motion.title,
            }
        document.add_heading(heading, level=3)
        document.add_paragraph(motion.text)
        if motion.status == Motion.Status.CLOSED:
            document.add_paragraph(_count_line(row.counts))
            document.add_paragraph(_quorum_line(row.counts))
            result = document.add_paragraph()
            result.add_run(_("Result: ")).bold = True
            result.add_run(str(motion.get_result_display()))
        else:
            document.add_paragraph(_("The vote is still open."))
        for name, reason in row.conflicts:
            document.add_paragraph(
                _("%(person)s declared a conflict of interest (%(reason)s) and did not vote.")
                % {"person": name, "reason": reason}
            )
        if motion.forwarded_as is not None:
            document.add_paragraph(
                _("Forwarded to %(body)s.") % {"body": motion.forwarded_as.body.name}
            )


def _names(names: list[str]) -> str:
    return ", ".join(names) if names else "—"


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def minutes_docx(meeting: Meeting) -> bytes:
    from docx import Document

    context = minutes_context(meeting)
    document = Document()
    document.core_properties.title = _("Minutes of the meeting of %(body)s") % {
        "body": meeting.body.name
    }
    document.add_heading(document.core_properties.title, level=1)
    document.add_paragraph(meeting.title)
    facts = document.add_table(rows=0, cols=2)
    for label, value in (
        (_("Date and time"), context["when"]),
        (_("Place"), meeting.place or meeting.online_url or "—"),
        (_("Minutes"), str(meeting.get_minutes_status_display())),
    ):
        cells = facts.add_row().cells
        cells[0].text = label
        cells[1].text = value

    document.add_heading(_("Attendance"), level=2)
    for label, names in (
        (_("Present"), context["present"]),
        (_("Excused"), context["excused"]),
        (_("Absent"), context["absent"]),
        (_("Guests"), context["guests"]),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_names(names))

    document.add_heading(_("Agenda"), level=2)
    for item in context["agenda"]:
        document.add_paragraph(item.title, style="List Number")

    document.add_heading(_("Record of the meeting"), level=2)
    if meeting.minutes.strip():
        _markdown_to_docx(document, meeting.minutes)
    else:
        document.add_paragraph(_("The minutes have not been written yet."))

    document.add_heading(_("Motions and resolutions"), level=2)
    if context["motions"]:
        _motions_docx(document, context["motions"])
    else:
        document.add_paragraph(_("No motion was put to the vote."))
    return _save(document)


def resolutions_docx(body: Body, *, public: bool = False) -> bytes:
    from docx import Document

    context = resolutions_context(body, public=public)
    document = Document()
    document.core_properties.title = _("Resolutions of %(body)s") % {"body": body.name}
    document.add_heading(document.core_properties.title, level=1)
    if context["motions"]:
        _motions_docx(document, context["motions"])
    else:
        document.add_paragraph(_("The body has not adopted any resolution yet."))
    return _save(document)
