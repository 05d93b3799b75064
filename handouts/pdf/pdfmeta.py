"""What a finished PDF says about itself: XMP metadata, font subset tags and the
file identifier (/ID), all derived from the document, so rebuilds stay byte-identical
while different documents (plain, fillable, personalised) differ.

Works on bytes from ReportLab and from pypdf alike; tags and identifiers are replaced
in place with strings of the same length, so the cross-reference table stays valid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import string
from dataclasses import dataclass
from xml.sax.saxutils import escape

_TAGGED = re.compile(rb"/([A-Z]{6})\+([!-~]+?)(?=[\s/<>\[\]()])")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


@dataclass(frozen=True)
class Info:
    """What the XMP packet says (the same as the document information dictionary)."""

    title: str
    author: str
    subject: str
    lang: str
    keywords: tuple[str, ...]
    producer: str
    date: dt.datetime


def xmp(info: Info) -> str:
    """An XMP packet (ISO 16684-1) with Dublin Core title, author, subject and language."""
    when = info.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    lang = escape(info.lang)

    def alt(text: str) -> str:
        return (
            "<rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{escape(text)}</rdf:li>'
            f'<rdf:li xml:lang="{lang}">{escape(text)}</rdf:li>'
            "</rdf:Alt>"
        )

    return "\n".join(
        [
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
            '<rdf:Description rdf:about=""'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
            ' xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
            "<dc:format>application/pdf</dc:format>",
            f"<dc:title>{alt(info.title)}</dc:title>",
            f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>",
            f"<dc:description>{alt(info.subject)}</dc:description>",
            f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>",
            f"<pdf:Keywords>{escape(', '.join(info.keywords))}</pdf:Keywords>",
            f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>",
            f"<xmp:CreatorTool>{escape(info.producer)}</xmp:CreatorTool>",
            f"<xmp:CreateDate>{when}</xmp:CreateDate>",
            f"<xmp:ModifyDate>{when}</xmp:ModifyDate>",
            f"<xmp:MetadataDate>{when}</xmp:MetadataDate>",
            "</rdf:Description>",
            "</rdf:RDF>",
            "</x:xmpmeta>",
            '<?xpacket end="r"?>',
        ]
    )


def _objects(pdf: bytes) -> dict[int, int]:
    """Object number -> byte offset, from the file's cross-reference table."""
    m = re.search(rb"startxref\s+(\d+)", pdf[-1024:])
    if m is None:
        return {}
    at = int(m.group(1))
    head = re.compile(rb"xref\s+(\d+)\s+(\d+)\s+").match(pdf, at)
    if head is None:  # a cross-reference stream: not what ReportLab writes
        return {}
    first, count = int(head.group(1)), int(head.group(2))
    rows = pdf[head.end() : head.end() + 20 * count].split(b"\n")
    out = {}
    for i, row in enumerate(rows[:count]):
        fields = row.split()
        if len(fields) >= 3 and fields[2] == b"n":
            out[first + i] = int(fields[0])
    return out


def _read(pdf: bytes, offset: int) -> tuple[bytes, bytes | None]:
    """The dictionary of the object at ``offset``, and its stream's bytes if it has one."""
    end = pdf.find(b"endobj", offset)
    stream = pdf.find(b"stream", offset, end)
    if stream < 0:
        return pdf[offset:end], None
    head = pdf[offset:stream]
    length = re.search(rb"/Length\s+(\d+)", head)
    if length is None:
        return head, None
    start = stream + 6
    start += 2 if pdf[start : start + 2] == b"\r\n" else 1
    return head, pdf[start : start + int(length.group(1))]


def subset_tag(data: bytes) -> str:
    """Six capital letters from a hash of a font program (ISO 32000-1, 9.6.4): two
    different subsets of one font never share a tag, and one program always has the same."""
    digest = hashlib.sha256(data).digest()
    return "".join(string.ascii_uppercase[b % 26] for b in digest[:6])


def retag_subsets(pdf: bytes) -> bytes:
    """Give every embedded font subset a tag made from its own program (ReportLab
    numbers them AAAAAA, AAAAAB, ... in every file, so two files joined in a packet
    carry different programs under one name). Reads the file's own cross-reference
    table: no PDF library to load for a single handout."""
    offsets = _objects(pdf)
    renames: dict[bytes, bytes] = {}
    for offset in offsets.values():
        head, _ = _read(pdf, offset)
        if b"/FontDescriptor" not in head:
            continue
        name = re.search(rb"/FontName\s*/([A-Z]{6}\+[!-~]+?)(?=[\s/<>\[\]()])", head)
        program = re.search(rb"/FontFile[23]?\s+(\d+)\s+0\s+R", head)
        if name is None or program is None or int(program.group(1)) not in offsets:
            continue
        _, data = _read(pdf, offsets[int(program.group(1))])
        if data is not None:  # the program as stored (compressed): as good a fingerprint
            renames[name.group(1)] = subset_tag(data).encode() + name.group(1)[6:]
    if not renames:
        return pdf

    def rename(m: re.Match[bytes]) -> bytes:
        old = m.group(1) + b"+" + m.group(2)
        return b"/" + renames.get(old, old)

    return _TAGGED.sub(rename, pdf)


def with_id(pdf: bytes, salt: bytes = b"") -> bytes:
    """The file's /ID made from a hash of the file itself (its old /ID left out)."""
    m = _ID.search(pdf, max(0, len(pdf) - 4096)) or _ID.search(pdf)
    if m is None:
        return pdf
    digest = hashlib.md5(salt + pdf[: m.start()] + pdf[m.end() :], usedforsecurity=False).hexdigest()
    new = f"/ID [<{digest.upper()}><{digest.upper()}>]".encode()
    old = m.group(0)
    if len(new) <= len(old):  # keep every byte offset: pad with spaces
        new = new + b" " * (len(old) - len(new))
        return pdf[: m.start()] + new + pdf[m.end() :]
    raise ValueError("the file's /ID is shorter than an MD5 digest")


def finish(pdf: bytes) -> bytes:
    """Subset tags from font programs, then the /ID from the finished bytes."""
    return with_id(retag_subsets(pdf))
