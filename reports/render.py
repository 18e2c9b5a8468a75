"""Render a digest as an email: subject, headline, email-safe HTML and a plain-text part with the same facts (and
the shared pieces the same-day alerts render with: reports.alerts).

The HTML is what Outlook and Gmail display reliably: tables for layout, CSS inline on each element (no
<style> block, which Gmail strips), no images, no scripts. Styles are named once here and passed to the
templates, so a colour changes in one place.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from reports import words
from reports.model import DigestData, Entry
from reports.templating import template_environment

# Fold lines only at SMTP's hard limit: with the usual 78, Python folds a subject just over 78 characters
# before its first word, and its parser then reads the subject back with a leading space.
MAIL_POLICY = policy.default.clone(max_line_length=998)
# The most HTML a digest lays out in tables: Gmail clips a message's HTML at about 102 KB, and quoted-printable
# encoding adds a little on the wire.
HTML_BUDGET_BYTES = 95_000
# Header naming the period a message belongs to, so a queued .eml can be recorded as sent on a later run.
DIGEST_HEADER = "X-Ofsted-Watch-Digest"

FONT = "font-family:Arial,Helvetica,sans-serif;"
CSS = {
    "page": "margin:0;padding:0;background-color:#f3f2f1;",
    "sheet": "background-color:#ffffff;border:1px solid #d8d8d8;",
    "masthead": FONT + "padding:20px 24px 12px 24px;border-bottom:4px solid #1d70b8;",
    "brand": "margin:0;font-size:13px;font-weight:bold;color:#1d70b8;letter-spacing:1px;",
    "title": "margin:4px 0 0 0;font-size:22px;line-height:28px;color:#0b0c0c;",
    "scope": "margin:4px 0 0 0;font-size:14px;color:#505a5f;",
    "headline": FONT + "padding:16px 24px;font-size:16px;line-height:22px;color:#0b0c0c;background-color:#f8f8f8;",
    "section": FONT + "padding:20px 24px 4px 24px;",
    "heading": "margin:0;font-size:18px;line-height:24px;color:#0b0c0c;",
    "intro": "margin:4px 0 0 0;font-size:13px;line-height:18px;color:#505a5f;",
    "item": FONT + "padding:12px 24px;border-top:1px solid #e5e5e5;font-size:14px;line-height:20px;color:#0b0c0c;",
    # Inside an item, whose colour it keeps.
    "la": "margin:0;font-size:16px;line-height:22px;font-weight:bold;",
    "meta": "margin:2px 0 6px 0;font-size:13px;line-height:18px;color:#505a5f;",
    "link": "color:#1d70b8;text-decoration:underline;",
    # The changes table sets the font and colour once; its cells only pad, and its rows align their cells to the top
    # (valign): a table's cells inherit in every client we target, and a busy week's email stays small.
    "changes": FONT + "font-size:13px;line-height:18px;color:#0b0c0c;",
    "column": "padding:0 8px 4px 0;font-size:11px;color:#505a5f;border-bottom:1px solid #e5e5e5;",
    # The heading of a compact table, whose cells take their padding from the table's cellpadding (fewer bytes).
    "compact_column": "font-size:11px;color:#505a5f;border-bottom:1px solid #e5e5e5;",
    "compact_group": "padding-top:8px;font-weight:bold;",
    "cell": "padding:6px 8px 6px 0;",
    "when": "color:#505a5f;font-size:12px;",
    "direction": "font-size:12px;font-weight:bold;",
    "quote": "margin:8px 0 0 0;padding:0 0 0 10px;border-left:3px solid #b1b4b6;font-size:13px;"
    "line-height:19px;font-style:italic;color:#383f43;",
    "list": "margin:6px 0 0 0;padding:0 0 0 20px;font-size:13px;line-height:19px;color:#0b0c0c;",
    "chart_label": FONT + "padding:3px 8px 3px 0;font-size:13px;line-height:16px;color:#0b0c0c;vertical-align:middle;",
    "chart_series": FONT + "padding:3px 6px 3px 0;font-size:12px;line-height:16px;color:#505a5f;white-space:nowrap;",
    "chart_count": FONT + "padding:3px 0 3px 6px;font-size:13px;line-height:16px;color:#0b0c0c;text-align:right;",
    "bar": "font-size:0;line-height:0;height:14px;",
    "chart_note": FONT + "margin:8px 0 0 0;font-size:13px;line-height:18px;color:#505a5f;",
    "footer": FONT + "padding:16px 24px 20px 24px;font-size:12px;line-height:17px;color:#505a5f;"
    "border-top:1px solid #e5e5e5;",
}
# The chart's earlier series is the same hue, lighter, so the two bars of a grade read as a pair.
EARLIER_BAR = "#b1b4b6"


# Escape everything that is HTML; plain text and chat Markdown must keep '<' and '&' as written.
_ENVIRONMENT = template_environment(
    "reports",
    lambda name: not (name or "").endswith((".txt", ".md")),
    globals_={"css": CSS, "earlier_bar": EARLIER_BAR},
)


def period_words(data: DigestData) -> str:
    """'week 47 of 2026', or '20 days' for a range that is not an ISO week."""
    period = data.period
    if period.is_iso_week:
        year, week, _ = period.start.isocalendar()
        return f"week {week} of {year}"
    return words.plural((period.end - period.start).days + 1, "day")


def subject(data: DigestData) -> str:
    scope = "" if data.scope == "All England" else f" [{data.scope}]"
    return (
        f"Ofsted watch {data.period.key}{scope}: {words.plural(len(data.deteriorations), 'deterioration')}, "
        f"{words.date_range(data.period.start, data.period.end)}"
    )


def headline(data: DigestData) -> str:
    """One line of counts: every publication of the period, and how many went into each section (they add up)."""
    dates = words.date_range(data.period.start, data.period.end)
    if data.is_empty:
        return f"Ofsted published nothing about these local authorities' children's services from {dates}."
    counts = ", ".join(
        (
            words.plural(len(data.deteriorations), "deterioration"),
            words.plural(len(data.improvements), "improvement"),
            words.plural(len(data.publications), "other publication"),
            words.plural(len(data.visits), "other visit"),
            words.plural(len(data.data_problems), "document") + " we could not load",
        )
    )
    return f"{words.plural(data.publication_count, 'publication').capitalize()} from {dates}: {counts}."


def entry_sections(data: DigestData) -> list[tuple[str, str, tuple[Entry, ...]]]:
    """The sections of entries that have any, worst first: title, what it holds, entries."""
    sections = [
        (
            "Deteriorations",
            "Overall effectiveness down, or a first inadequate; with overall unchanged or not graded, any area "
            "down; visits that found insufficient progress or deterioration, or set priority actions; area SEND "
            "inspections that found widespread or systemic failings, required a written statement of action, or "
            "found insufficient progress in a weakness. Every area that moved is listed, up or down.",
            data.deteriorations,
        ),
        (
            "Improvements",
            "Overall effectiveness up; with overall unchanged or not graded, an area up and none down (an area SEND "
            "outcome better than the last one included). Every area that moved is listed, up or down.",
            data.improvements,
        ),
        ("Other new publications", "Everything else published, with its outcome.", data.publications),
        (
            "Monitoring and focused visits",
            "Other visits: they report progress and set priority actions, and do not change a grade.",
            data.visits,
        ),
    ]
    return [section for section in sections if section[2]]


def _context(data: DigestData) -> dict[str, object]:
    return {
        "data": data,
        "sections": entry_sections(data),
        "subject": subject(data),
        "headline": headline(data),
        "period_words": period_words(data),
        "dates": words.date_range(data.period.start, data.period.end),
    }


def render_template(name: str, context: dict[str, object]) -> str:
    """One of reports/templates, with the digest's filters and styles (the alerts' templates use them too)."""
    return _ENVIRONMENT.get_template(name).render(context)


def render_html(data: DigestData) -> str:
    """The digest's HTML; for a week so busy that its tables of areas would take it past Gmail's clipping limit,
    the compact layout (each area a line), which keeps every fact."""
    context = _context(data)
    html = render_template("digest.html", {**context, "compact": False})
    if len(html.encode()) <= HTML_BUDGET_BYTES:
        return html
    return render_template("digest.html", {**context, "compact": True})


def render_text(data: DigestData) -> str:
    return render_template("digest.txt", _context(data))


def build_message(data: DigestData, sender: str, recipient: str) -> EmailMessage:
    return email_message(
        subject(data), sender, recipient, render_text(data), render_html(data), {DIGEST_HEADER: data.period.key}
    )


def email_message(
    subject: str, sender: str, recipient: str, text: str, html: str, headers: dict[str, str]
) -> EmailMessage:
    """A multipart/alternative message: the plain text first, the HTML preferred by clients that can show it."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "localhost")
    for name, value in headers.items():
        message[name] = value
    # Quoted-printable keeps the message 7-bit: an 8bit part needs every hop to be 8-bit clean (smtplib does not
    # even ask the server for 8BITMIME), and a reader that parses it as text decodes its non-ASCII characters
    # into escapes ("\u25fc" for a bullet, Python's compat32 email API among them).
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message
