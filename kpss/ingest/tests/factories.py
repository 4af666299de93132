"""Builders of registry JSON items in the ministry's structure, for tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VM = "545058"  # Valašské Meziříčí
KELC = "542989"


def facility(
    obec: str = VM, *, street: str = "Žerotínova", number: int = 319, **extra: Any
) -> dict[str, Any]:
    return {
        "nazev": extra.pop("nazev", None),
        "adresa": {
            "kodAdresnihoMista": extra.pop("kod", 25600273),
            "ulice": {"nazev": street},
            "cisloDomovni": number,
            "cisloOrientacni": "21",
            "psc": "75701",
            "obec": {"id": f"Obec/{obec}"},
            "castObce": {"id": "CastObce/413551"},
            "okres": {"id": "Okres/3810"},
            "kraj": {"id": "Kraj/141"},
        },
        **extra,
    }


def item(
    identifier: str | None = "1234567",
    *,
    druh: int = 13,
    forms: list[tuple[str, list[tuple[Any, str]]]] | None = None,
    ico: Any = "73632783",
    provider: str = "Diakonie Valašské Meziříčí",
    places: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    forms = forms if forms is not None else [("pob", [(30, "luzka")])]
    data: dict[str, Any] = {
        "portalId": extra.pop("portalId", None),
        "id": extra.pop("id", None),
        "identifikator": identifier,
        "datumPoskytovaniOd": extra.pop("od", "2007-01-01"),
        "datumPoskytovaniDo": extra.pop("do", None),
        "druhSocialniSluzby": {"id": f"DruhSocialniSluzby/{druh}"},
        "zarizeni": places if places is not None else [facility()],
        "poskytovatel": {
            "ico": ico,
            "nazev": provider,
            "weby": [{"web": "https://www.diakonievm.cz", "poznamka": None}],
            "statutarniOrgany": [
                {"jmeno": "Svatopluk", "prijmeni": "Zkušebníček", "titulPred": "Mgr."}
            ],
        },
        "weby": [{"web": "https://sluzba.example.cz", "poznamka": "hlavní"}],
        "emaily": [{"email": "sluzba@example.cz", "poznamka": None}],
        "telefony": [{"telefon": "571 000 000", "poznamka": None}],
        "ciloveSkupiny": [{"id": "CilovaSkupinaOsoby/24"}],
        "vekoveSkupiny": [],
        "formy": [
            {
                "forma": {"id": f"FormaSocialniSluzby/{code}"},
                "nepretrzitePoskytovani": code == "pob",
                "casoveRozsahy": None,
                "kapacity": [
                    {"pocet": n, "popis": "", "typ": {"id": f"TypKapacitySocialniSluzby/{t}"}}
                    for n, t in caps
                ],
            }
            for code, caps in forms
        ],
        "doplnkoveUdaje": {
            "realizacePoskytovani": [
                {"priloha": {"url": "https://www.mpsv.cz/agportal-server/rest/documents/1"}}
            ]
        },
    }
    data.update(extra)
    return data


def registry_file(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"polozky": items}, ensure_ascii=False), encoding="utf-8")
    return path
