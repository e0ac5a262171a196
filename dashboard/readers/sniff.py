"""What a file really is, from its first bytes: the name is only what the user expects.

Web systems' "导出Excel" buttons often write an HTML table or tab-separated text
and name it .xls; a WPS .et may be a BIFF workbook; a download may be renamed.
"""

from __future__ import annotations

import codecs

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
HEAD_BYTES = 64 * 1024

# What each file name leads the user to expect.
NAMED = {".xlsx": "zip", ".xlsm": "zip", ".xlsb": "zip", ".ods": "zip", ".xls": "ole2", ".et": "ole2",
         ".csv": "text", ".txt": "text", ".tsv": "text"}


def sniff(head: bytes) -> str:
    """The family of a file from its first bytes: zip, ole2, html, xml2003, text or binary."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    probe = head
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        probe = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    low = probe.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body", b"<style")) \
            or (low.startswith(b"<") and b"<table" in low):
        return "html"
    if low.startswith(b"<?xml"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in low:
            return "xml2003"
        if b"<table" in low or b"<html" in low:
            return "html"
    return "text" if _looks_like_text(head) else "binary"


def _looks_like_text(head: bytes) -> bool:
    """Text in some encoding: it decodes, with few control characters besides tab and line ends."""
    sample = head[:4096]
    share = 20  # the latin-1 reading below: control characters in at most 1 of 20
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = sample.decode("utf-16", "replace")
    elif b"\x00" in sample:
        share = 100  # a NUL and a UTF-16 reading: strict
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd >= 4 and even * 16 <= odd:  # UTF-16 without a BOM: ASCII leaves its zeros on one side
            text = sample.decode("utf-16-le", "replace")
        elif even >= 4 and odd * 16 <= even:
            text = sample.decode("utf-16-be", "replace")
        else:
            return False
    else:
        text = sample.decode("latin-1")  # every byte a character: control bytes stay controls
    # Random bytes are about one control character in eight; a ledger with a few escape
    # sequences typed or pasted into its cells is still text (they are shown, never obeyed).
    bad = sum(1 for ch in text if (ch < " " and ch not in "\t\r\n\f\x1a") or ch == "\ufffd")
    return bad * share <= len(text)


def html_charset(head: bytes) -> str | None:
    """The charset a web page declares in its first bytes (meta charset or http-equiv)."""
    import re

    low = head[:HEAD_BYTES].lower()
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", low)
    if m is None:
        m = re.search(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_.:-]+)""", low)
    return m.group(1).decode("ascii") if m else None
