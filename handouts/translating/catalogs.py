"""UI catalogs (.po) against the English template (.pot): which are stale.

In a catalog the English text *is* the key (``msgid``), so the template is the list of
fingerprints: an entry whose English changed is a new ``msgid`` the catalog does not
translate yet. A catalog is stale when the template has entries it does not translate
(new or changed English), or that are fuzzy (a guess waiting for a translator); entries
the template no longer has are unused (kept by ``pybabel update`` as obsolete).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .. import i18n

LOCALES = Path(__file__).parents[1] / "locales"


@dataclass(frozen=True)
class CatalogStatus:
    locale: str
    name: str
    untranslated: tuple[str, ...]  # English entries with no translation (new or changed English)
    fuzzy: tuple[str, ...]  # entries a translator has not confirmed
    unused: tuple[str, ...]  # entries the template no longer has

    @property
    def state(self) -> str:
        return "stale" if self.untranslated or self.fuzzy else "complete"


def _key(message_id: object, context: str | None) -> str:
    text = message_id if isinstance(message_id, str) else str(tuple(message_id))  # type: ignore[arg-type]
    return f"{context}\x04{text}" if context else text


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def catalog_statuses(folder: Path = LOCALES) -> list[CatalogStatus]:
    template = _read(folder / "handouts.pot")
    wanted = {_key(m.id, m.context): m for m in template if m.id}
    out = []
    for po in sorted(folder.glob("*/LC_MESSAGES/handouts.po")):
        catalog = _read(po)
        skip = i18n.not_needed(catalog.locale) if catalog.locale else frozenset()
        have = {_key(m.id, m.context): m for m in catalog if m.id}
        untranslated, fuzzy = [], []
        for key, message in wanted.items():
            got = have.get(key)
            strings = (
                []
                if got is None
                else ([got.string] if isinstance(got.string, str) else list(got.string or ()))
            )
            label = str(message.id if isinstance(message.id, str) else message.id[0])
            if label in skip and not any(strings):
                continue
            if got is None or not all(strings):
                untranslated.append(label)
            elif got.fuzzy:
                fuzzy.append(label)
        unused = [str(m.id if isinstance(m.id, str) else m.id[0]) for k, m in have.items() if k not in wanted]
        locale = po.parent.parent.name
        name = catalog.locale.get_display_name() if catalog.locale else locale
        out.append(CatalogStatus(locale, name or locale, tuple(untranslated), tuple(fuzzy), tuple(unused)))
    return out
