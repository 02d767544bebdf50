"""The Chinese font of the official notices: reportlab's built-in ``STSong-Light``.

Why this font and not Debian's Noto CJK
---------------------------------------
The department's network has no internet, so nothing may be fetched when a
notice is printed. Two candidates need no download:

- ``fonts-noto-cjk`` (``/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc``):
  reportlab cannot embed it. Its glyphs are CFF (PostScript) outlines, and
  reportlab's ``TTFont`` only subsets TrueType outlines; registering it raises
  ``TTFError: ... postscript outlines are not supported`` (tried with
  reportlab 5.1, every sub-font of the Sans and Serif collections).
- ``STSong-Light``, one of the Adobe Asian CID fonts that reportlab knows by
  name (``UnicodeCIDFont``, encoding ``UniGB-UCS2-H``). Its metrics ship inside
  reportlab, so it always works. The glyphs are not embedded: the PDF names
  the font and the Adobe-GB1 character collection, and every Chinese reader
  supplies them (Adobe Reader and Foxit their Song font, WPS and Windows
  SimSun, poppler/pdf.js a CJK font from the system such as Noto Serif CJK
  SC). The text is stored as UTF-16 code points, so copying and text
  extraction (pypdf, pdftotext) give the exact Chinese characters.

The trade-off: the printed shapes come from the reader's Song face, and a
character outside the BMP (a rare name character such as 𠮷) extracts
correctly but may print as a box. An embedded TrueType-outline CJK font (for
example ``fonts-wqy-zenhei`` or ``fonts-arphic-uming``) could later replace
this by registering a ``TTFont`` here; nothing else would change.
"""

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

SONG = "STSong-Light"


def song() -> str:
    """Register the Song font once per process and return its name."""
    if SONG not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(SONG))
    return SONG
