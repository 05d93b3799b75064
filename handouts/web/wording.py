"""The page's own wording: which language it speaks (the chooser, else the browser's
Accept-Language, else English) and its texts from the "web" gettext catalog
(``locales/<lang>/LC_MESSAGES/web.po``), apart from the handouts' own catalog."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.requests import Request

from .. import i18n
from ..errors import UserError

WEB_DOMAIN = "web"


def W_(message: str) -> str:
    """Mark a string for the web catalog where it is defined; translate it where it is
    used. (Not N_: the handouts catalog's extraction must not pick these up.)"""
    return message


@cache
def ui_languages() -> tuple[str, ...]:
    """English and every language with a web UI catalog (locales/<x>/LC_MESSAGES/web.po)."""
    folder = Path(str(resources.files("handouts"))) / "locales"
    found = {p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{WEB_DOMAIN}.[mp]o")}
    return ("en", *sorted(name.replace("_", "-") for name in found))


def choose_ui(request: Request, explicit: str = "") -> str:
    """The chooser's choice, else the browser's Accept-Language, else English."""
    available = ui_languages()
    if explicit in available:
        return explicit
    wanted: list[tuple[float, str]] = []
    for i, part in enumerate(request.headers.get("accept-language", "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > 0:
            wanted.append((-q + i * 1e-6, tag))  # by q, then in the order given
    for _, tag in sorted(wanted):
        try:
            return i18n.negotiate(tag, available)
        except UserError:
            continue
    return "en"


class Text:
    """The web UI's wording in one language (the "web" gettext catalog)."""

    def __init__(self, code: str) -> None:
        self.language = i18n.language(code)
        self._catalog = i18n.catalog(self.language, WEB_DOMAIN)

    def __call__(self, message: str, **values: Any) -> str:
        translated = self._catalog.gettext(message)
        if not values:
            return translated
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):
            return message.format(**values)


# Field names as the page labels them (for error messages).
FIELD_LABELS = {
    "drug": W_("Drug"),
    "lang": W_("Language of the handout"),
    "paper": W_("Paper"),
    "name": W_("Patient's name"),
    "dose": W_("Dose"),
    "start": W_("First day of treatment"),
    "cycle": W_("Days in each cycle"),
    "team_phone": W_("Care team's phone"),
    "printer": W_("Printer"),
    "copies": W_("Copies"),
    "packet": W_("Packet file"),
}
# The pipeline names patient details by their command-line options.
OPTION_FIELDS = {"--patient": "name", "--dose": "dose", "--team-phone": "team_phone"}
ERROR_TITLES = {
    400: W_("Something in the form needs a change"),
    401: W_("This page needs the clinic's password"),
    403: W_("The form has expired"),
    404: W_("There is no such page"),
    405: W_("There is no such page"),
    413: W_("What was sent is too large"),
    500: W_("Something went wrong on our side"),
}
ERROR_HINTS = {
    400: W_("Go back to the form, correct it and try again."),
    401: W_("Ask your IT team for the password of this service."),
    403: W_("Go back to the form, reload it and send it again."),
    404: W_("Go to the start page."),
    405: W_("Go to the start page."),
    413: W_("A packet file is a short list of handouts: check that you chose the right file."),
    500: W_("Try again. If it happens again, tell your IT team the time it happened."),
}
