#!/usr/bin/env python3
"""Write searchidx/enrich/data/regions.txt: the first-level subdivisions of every country (states, provinces,
regions, Länder, prefectures...) from ISO 3166-2 as Debian's iso-codes package ships it
(/usr/share/iso-codes/json/iso_3166-2.json, LGPL-2.1+), one name a line, for the rule extractor's places.

Kept: the top level of each country, of the kinds below; names as written and without diacritics ("Karnātaka"
is also "Karnataka"); China's "Sheng"/"Shi" left off a one-word name ("Guangdong Sheng" is "Guangdong").
Left out: inverted or bracketed forms ("Murcia, Región de"), names of three letters or fewer ("Van", "Mon"), and
ordinary English words and demonyms (STOP below: "Plateau", "Delta", "Western", "Somali")."""

import json
import sys
import unicodedata
from pathlib import Path

SOURCE = Path("/usr/share/iso-codes/json/iso_3166-2.json")
OUT = Path(__file__).resolve().parent.parent / "searchidx" / "enrich" / "data" / "regions.txt"
KINDS = {"State", "Province", "Territory", "Union territory", "Land", "Autonomous community", "Autonomous region",
         "Autonomous province", "Prefecture", "Emirate", "Canton", "Capital territory", "Federal territory",
         "Federal capital territory", "Oblast", "Regional state", "Special administrative region", "Country",
         "Federal district"}
STOP = set("""central western eastern northern southern north south east west centre center capital coast
delta plateau rivers lakes islands highlands lowlands upper lower interior littoral border mountain savannah
lagoons river lake sea ocean gulf bay valley hills forest national federal north-western unity batman mascara
para saga colon falcon norte sul leste principe chin somali afar tete sucre midlands""".split())


def ascii_fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def names() -> list[str]:
    out: set[str] = set()
    for sub in json.loads(SOURCE.read_text(encoding="utf-8"))["3166-2"]:
        if "parent" in sub or sub["type"] not in KINDS:
            continue
        name = sub["name"]
        if any(c in name for c in ",[]()*/"):
            continue
        words = name.split()
        if len(words) == 2 and words[1] in ("Sheng", "Shi"):
            name = words[0]
        if len(name) < 4 or ascii_fold(name).lower() in STOP or not name[0].isupper():
            continue
        out.add(name)
        out.add(ascii_fold(name))
    return sorted(out)


if __name__ == "__main__":
    lines = names()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# First-level subdivisions of every country (ISO 3166-2, from Debian's iso-codes, LGPL-2.1+);\n"
                   "# made by bin/make_regions.py: see it for what is kept.\n" + "\n".join(lines) + "\n",
                   encoding="utf-8")
    print(f"{len(lines)} names -> {OUT}", file=sys.stderr)
