"""Makes the two bundled fallback faces from Debian's fonts-noto-cjk (1:20220127+repack1-1):

    apt-get download fonts-noto-cjk && dpkg -x fonts-noto-cjk_*.deb x
    pip install fonttools
    python3 make.py x/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
        GongwenFallbackSerif-Regular.otf "Gongwen Fallback Serif" ../fandol
    python3 make.py x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
        GongwenFallbackSans-Regular.otf "Gongwen Fallback Sans" ../fandol

Each is the collection's Simplified Chinese face less the characters every Fandol face already
has (they never reach a fallback) and less Hangul, without hinting; renamed in every name record,
so that Typst, fontconfig and Word see one family of its own and an installed Noto CJK never
stands in for it (the PDF is the same on every machine).
"""
import glob
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

src, out, family, fandol_dir = sys.argv[1:5]
have = set.intersection(*(set(TTFont(f).getBestCmap()) for f in glob.glob(fandol_dir + "/Fandol*.otf")))
font = TTCollection(src).fonts[2]
assert "SC" in font["name"].getDebugName(1), "face 2 of the collection is the SC face"


def hangul(u):
    return any(a <= u <= b for a, b in [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)])


keep = sorted(u for u in font.getBestCmap() if u not in have and not hangul(u))
options = subset.Options()
options.name_IDs = ["*"]
options.name_languages = ["*"]
options.notdef_outline = True
options.hinting = False
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=keep)
subsetter.subset(font)

ps = family.replace(" ", "") + "-Regular"
name = font["name"]
for nid in (1, 3, 4, 6, 16, 17, 18, 21, 22):
    name.removeNames(nameID=nid)
for nid, val in [(1, family), (4, family), (6, ps), (3, ps + ";subset of Noto CJK SC 2.001")]:
    name.setName(val, nid, 3, 1, 0x409)
    name.setName(val, nid, 1, 0, 0)
cff = font["CFF "].cff
cff.fontNames = [ps]
cff.topDictIndex[0].FullName = family
cff.topDictIndex[0].FamilyName = family
font.save(out)
print(out, len(keep), "characters")
