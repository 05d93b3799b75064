"""The front desk's forms, checked: each field's length and shape, before anything is built.

A problem names the field, never the value typed: patient details are not repeated in
error pages or logs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from starlette.datastructures import FormData

from ..i18n import TAG
from ..model import Patient
from ..printing import MAX_COPIES
from .wording import W_

# The longest value each text field takes (characters).
LIMITS = {
    "drug": 64,
    "lang": 35,
    "paper": 8,
    "ui": 35,
    "name": 100,
    "dose": 40,
    "start": 10,
    "cycle": 3,
    "team_phone": 40,
    "printer": 127,
    "copies": 3,
    "action": 16,
    "csrf": 200,
}
PAPERS = ("", "a4", "letter")
ACTIONS = ("download", "print", "preview")  # the handout form's buttons
PACKET_ACTIONS = ("download", "print")
MAX_FIELDS = 30
MAX_PACKET = 64 * 1024  # bytes in an uploaded packet file


class FormProblem(Exception):
    """A field the desk filled in wrongly: ``message`` is a catalog msgid with {field}."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(field)
        self.field, self.message = field, message


@dataclass(frozen=True)
class HandoutForm:
    drug: str
    lang: str
    paper: str | None
    large_print: bool
    calendar: bool
    patient: Patient | None
    action: str
    printer: str
    copies: int


def text(form: FormData, name: str, required: bool = False) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        raise FormProblem(name, W_("{field}: expected text, not a file"))
    value = value.strip()
    if len(value) > LIMITS.get(name, 0):
        raise FormProblem(name, W_("{field}: too long"))
    if required and not value:
        raise FormProblem(name, W_("{field}: required"))
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise FormProblem(name, W_("{field}: control characters are not allowed"))
    return value


HANDOUT_FIELDS = frozenset(LIMITS) | {"large_print", "calendar"}
# A packet form has no patient details: its handouts may come from the cache.
PACKET_FIELDS = frozenset({"csrf", "ui", "action", "printer", "copies", "packet"})


def check_fields(form: FormData, allowed: frozenset[str] = HANDOUT_FIELDS) -> None:
    """Only the fields the form has, each once at most."""
    for name in form:
        if name not in allowed:
            raise FormProblem(name, W_("{field}: not a field of this form"))
        if len(form.getlist(name)) > 1:
            raise FormProblem(name, W_("{field}: given more than once"))


def handout_form(form: FormData) -> HandoutForm:
    check_fields(form)
    lang = text(form, "lang", required=True)
    if not TAG.match(lang):
        raise FormProblem("lang", W_("{field}: not a language code"))
    paper = text(form, "paper")
    if paper not in PAPERS:
        raise FormProblem("paper", W_("{field}: choose A4 or Letter"))
    action = text(form, "action") or "download"
    if action not in ACTIONS:
        raise FormProblem("action", W_("{field}: unknown action"))
    printer = text(form, "printer")
    if action == "print" and not printer:
        raise FormProblem("printer", W_("{field}: choose a printer"))
    return HandoutForm(
        drug=text(form, "drug", required=True),
        lang=lang,
        paper=paper or None,
        large_print=form.get("large_print") == "on",
        calendar=form.get("calendar") == "on",
        patient=patient(form),
        action=action,
        printer=printer,
        copies=copies(form),
    )


def patient(form: FormData) -> Patient | None:
    name, dose, phone = text(form, "name"), text(form, "dose"), text(form, "team_phone")
    start_text, cycle_text = text(form, "start"), text(form, "cycle")
    start = None
    if start_text:
        try:
            start = dt.date.fromisoformat(start_text)
        except ValueError:
            raise FormProblem("start", W_("{field}: not a date (YYYY-MM-DD)")) from None
    cycle = None
    if cycle_text:
        if not cycle_text.isdigit() or not 1 <= int(cycle_text) <= 366:
            raise FormProblem("cycle", W_("{field}: a whole number of days, 1 to 366"))
        cycle = int(cycle_text)
    if not any((name, dose, phone, start, cycle)):
        return None
    return Patient(name=name or None, dose=dose or None, start=start, cycle=cycle, team_phone=phone or None)


def copies(form: FormData) -> int:
    value = text(form, "copies") or "1"
    if not value.isdigit() or not 1 <= int(value) <= MAX_COPIES:
        raise FormProblem("copies", W_("{field}: a number from 1 to 100"))
    return int(value)
