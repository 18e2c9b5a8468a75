"""Rebuild common/data/local_authorities.csv from a public LA lookup (URN, DfE and ONS codes, regions,
statistical neighbours).

Run by hand when the public lookup changes: `python scripts/build_la_reference.py PATH/TO/la_lookup.csv`.
The lookup is `la_lookup.csv` of data-to-insight's ofsted-ilacs-scrape-tool (MIT licence, (c) 2023
data-to-insight; https://github.com/data-to-insight/ofsted-ilacs-scrape-tool). Its `stat_neighbours` column
lists the DfE's statistical neighbours of each LA as old three-digit codes, most similar first, and
`stat_neighbours_la_code` the same LAs as ONS codes: the two must agree, or the build stops. LAs abolished by a
reorganisation (Cumbria, Northamptonshire, Poole) have no current neighbours there, and no current LA lists them.
Historical LAs and name variants that no lookup carries are added here, with the reorganisation that ended them.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "common" / "data" / "local_authorities.csv"
COLUMNS = (
    "la_code",
    "name",
    "ons_code",
    "urn",
    "region",
    "la_type",
    "variants",
    "predecessors",
    "successors",
    "valid_from",
    "valid_to",
    "stat_neighbours",
)

# Names councils and Ofsted use that no suffix rule derives from the LA's name.
VARIANTS = {
    "810": "Hull;Hull City Council;Kingston Upon Hull City Council;City of Kingston upon Hull",
    "816": "City of York;City of York Council",
    "801": "Bristol;Bristol City Council;City of Bristol",
    "839": "BCP;BCP Council;Bournemouth, Christchurch & Poole",
    "840": "County Durham;Durham County Council",
    "884": "County of Herefordshire;Herefordshire Council",
    "201": "City of London;City of London Corporation;London Corporation",
    "420": "Council of the Isles of Scilly;Scilly",
    "342": "St Helens;St. Helens",
    "894": "Telford & Wrekin",
    "868": "Windsor & Maidenhead;Royal Borough of Windsor and Maidenhead",
    "207": "Royal Borough of Kensington and Chelsea;Kensington & Chelsea",
    "314": "Royal Borough of Kingston upon Thames",
    "205": "Hammersmith & Fulham",
    "846": "Brighton & Hove",
    "882": "Southend;Southend-on-Sea City Council",
    "800": "Bath & North East Somerset;BANES",
    "822": "Bedford;Bedford Borough Council",
    "807": "Redcar & Cleveland",
    "889": "Blackburn with Darwen Borough Council",
    "808": "Stockton;Stockton-On-Tees",
    "861": "Stoke;Stoke-On-Trent",
    "391": "Newcastle;Newcastle City Council",
}

# LAs that no longer exist, with their successors (the lookup lists some of them without codes or names).
HISTORICAL = [
    {
        "la_code": "928",
        "name": "Northamptonshire",
        "urn": "121939",
        "region": "East Midlands",
        "successors": "940;941",
        "valid_to": "2021-03-31",
        "la_type": "County",
    },
    {
        "la_code": "909",
        "name": "Cumbria",
        "urn": "135513",
        "region": "North West",
        "successors": "942;943",
        "valid_to": "2023-03-31",
        "la_type": "County",
    },
    {
        "la_code": "836",
        "name": "Poole",
        "urn": "137316",
        "region": "South West",
        "successors": "839",
        "valid_to": "2019-03-31",
        "la_type": "Unitary Authority",
        "variants": "Borough of Poole",
    },
    {
        "la_code": "837",
        "name": "Bournemouth",
        "urn": "",
        "region": "South West",
        "successors": "839",
        "valid_to": "2019-03-31",
        "la_type": "Unitary Authority",
        "variants": "Bournemouth Borough Council",
    },
    {
        "la_code": "835",
        "name": "Dorset County",
        "urn": "",
        "region": "South West",
        "successors": "838;839",
        "valid_to": "2019-03-31",
        "la_type": "County",
        "variants": "Dorset County Council",
    },
]
PREDECESSORS = {"940": "928", "941": "928", "942": "909", "943": "909", "839": "835;836;837", "838": "835"}
VALID_FROM = {
    "940": "2021-04-01",
    "941": "2021-04-01",
    "942": "2023-04-01",
    "943": "2023-04-01",
    "839": "2019-04-01",
    "838": "2019-04-01",
}


def clean_name(ons_name: str) -> str:
    if ons_name.endswith(", City of"):
        return ons_name.removesuffix(", City of").replace("Upon", "upon")
    return ons_name.replace("St. ", "St ")


def _codes(cell: str) -> list[str]:
    return [code.strip() for code in cell.split(",") if code.strip()]


def stat_neighbours(lookup_rows: list[dict[str, str]]) -> dict[str, str]:
    """la_code -> its statistical neighbours' la_codes, most similar first, joined by ';'.

    Raises ValueError when the two columns disagree, or name an LA that is not a current one of the lookup.
    """
    la_code_of_ons = {row["la_code_new"].strip(): row["la_code"].strip() for row in lookup_rows if row["la_code_new"]}
    neighbours = {}
    for row in lookup_rows:
        code, by_code = row["la_code"].strip(), _codes(row["stat_neighbours"])
        by_ons = [la_code_of_ons.get(ons, f"unknown ONS code {ons}") for ons in _codes(row["stat_neighbours_la_code"])]
        if by_code != by_ons:
            raise ValueError(f"LA {code}: stat_neighbours {by_code} but stat_neighbours_la_code gives {by_ons}")
        unknown = [neighbour for neighbour in by_code if neighbour not in la_code_of_ons.values()]
        if unknown:
            raise ValueError(f"LA {code}: statistical neighbours {unknown} are not current LAs of the lookup")
        neighbours[code] = ";".join(by_code)
    return neighbours


def main(lookup: Path) -> None:
    rows = []
    historical = {h["la_code"]: h for h in HISTORICAL}
    with lookup.open(encoding="utf-8-sig") as handle:
        lookup_rows = list(csv.DictReader(handle))
    neighbours = stat_neighbours(lookup_rows)
    for src in lookup_rows:
        code = src["la_code"].strip()
        if code in historical:
            continue
        rows.append(
            {
                "la_code": code,
                "name": clean_name(src["local_authority_ons_name"]),
                "ons_code": src["la_code_new"],
                "urn": src["urn"],
                "region": src["region_name"],
                "la_type": src["ons_la_type"],
                "variants": VARIANTS.get(code, ""),
                "predecessors": PREDECESSORS.get(code, ""),
                "successors": "",
                "valid_from": VALID_FROM.get(code, ""),
                "valid_to": "",
                "stat_neighbours": neighbours.get(code, ""),
            }
        )
    rows += [
        {c: h.get(c, "") for c in COLUMNS} | {"stat_neighbours": neighbours.get(h["la_code"], "")} for h in HISTORICAL
    ]
    rows.sort(key=lambda r: r["la_code"])
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} LAs to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
