"""Benchmark `kpss import-registry` on a national-size file in the ministry's JSON structure.

    .venv/bin/python benchmarks/import_registry.py [--services 6700] [--seed 2026] [--keep]

1. Generates `benchmarks/out/rpss_national_synthetic.json`: about 6,700 services with about
   18,900 facilities spread over the real municipalities of `data/territory/cz_obce.csv`, padded
   with the kind of content the real file carries (opening hours, contacts at two levels,
   statutory bodies, `doplnkoveUdaje` with long texts and document URLs) to about 100 MB.
   The content is synthetic; only the structure and the municipalities are real.
2. Creates a fresh SQLite database in a temporary directory (DATABASE_URL), runs
   `kpss migrate`, `kpss load-territory --no-progress`, `kpss load-codelists`, then times
   `kpss import-registry FILE --no-progress` twice: the first import and the re-import of the
   unchanged file. Each timed command runs in its own helper process, so the peak RSS
   (getrusage(RUSAGE_CHILDREN).ru_maxrss) belongs to that command alone.

This is never part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
DATA = ROOT / "data"

WORDS_TEXT = (
    "služba poskytuje podporu osobám které se ocitly v nepříznivé sociální situaci cílem je "
    "udržet soběstačnost uživatele v jeho přirozeném prostředí pracovníci spolupracují s rodinou "
    "a dalšími institucemi individuální plánování průběh poskytování je pravidelně hodnocen "
    "kvalita péče standardy sociálních služeb dokumentace smlouva o poskytování služby úhrada "
    "podle ceníku v souladu s vyhláškou pracovník v sociálních službách sociální pracovník "
    "supervize vzdělávání zaměstnanců bezbariérový přístup kapacita místo provozní doba"
)
WORDS = WORDS_TEXT.split()


def ico_make(rng: random.Random) -> str:
    digits = f"{rng.randrange(0, 10_000_000):07d}"
    weights = (8, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 1 if remainder == 0 else 0 if remainder == 1 else 11 - remainder
    return digits + str(check)


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def service_types() -> list[tuple[str, list[str]]]:
    """(open-data code, allowed form codes) of the registrable types with a known code."""
    types = []
    with (DATA / "codelists" / "druhy_socialnich_sluzeb.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["opendata_kod"]
            if not code.startswith("DruhSocialniSluzby/"):
                continue
            forms = [
                short for short, column in (
                    ("pob", "forma_pobytova"), ("amb", "forma_ambulantni"),
                    ("ter", "forma_terenni"),
                ) if row[column] == "A"
            ]  # fmt: skip
            types.append((code, forms))
    return types


def municipalities() -> list[dict[str, str]]:
    with (DATA / "territory" / "cz_obce.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def generate(path: Path, *, services: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    types = service_types()
    towns = municipalities()
    # Bigger towns host more facilities, as in the real registry.
    weights = [max(1, int(t["obyvatel_celkem"])) ** 0.75 for t in towns]
    providers = []
    for i in range(services // 3):
        providers.append({
            "ico": ico_make(rng), "nazev": f"Poskytovatel sociálních služeb č. {i + 1}, z. ú.",
            "pravniForma": {"id": "PravniForma/751"},
            "weby": [{"web": f"https://www.poskytovatel{i + 1}.cz", "poznamka": None}],
            "emaily": [{"email": f"info@poskytovatel{i + 1}.cz", "poznamka": None}],
            "telefony": [{"telefon": f"+420 571 {i % 1000:03d} {i % 997:03d}", "poznamka": None}],
            # Synthetic stand-ins for personal data the importer must never read.
            "statutarniOrgany": [
                {"titulPred": "Mgr.", "jmeno": f"Jméno{i}", "prijmeni": f"Příjmení{i}",
                 "funkce": "ředitel"}
            ],
        })  # fmt: skip
    facilities_total = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"polozky": [\n')
        for n in range(services):
            type_code, allowed = rng.choice(types)
            forms = rng.sample(allowed, k=min(len(allowed), rng.choice((1, 1, 1, 2))))
            count = rng.choices((1, 2, 3, 4, 5, 8), weights=(35, 20, 16, 11, 9, 9))[0]
            places = rng.choices(towns, weights=weights, k=count)
            facilities_total += count
            ended = rng.random() < 0.08
            since = rng.randint(2007, 2023)
            item = {
                "portalId": str(100_000 + n),
                "id": f"SocialniSluzba/{500_000 + n}",
                "identifikator": f"{1_000_000 + n * 1_237 % 8_999_999:07d}",
                "datumPoskytovaniOd": f"{since}-{rng.randint(1, 12):02d}-01",
                "datumPoskytovaniDo": f"{rng.randint(since, 2025)}-12-31" if ended else None,
                "kontaktniAdresy": [{"email": f"sluzba{n}@example.cz", "poznamka": None}],
                "druhSocialniSluzby": {"id": type_code},
                "zarizeni": [
                    {
                        "nazev": f"Zařízení {n}-{k}",
                        "vedouci": {"jmeno": f"Vedoucí{n}", "prijmeni": f"Příjmení{k}"},
                        "adresa": {
                            "cisloDomovni": rng.randint(1, 3000),
                            "cisloOrientacni": str(rng.randint(1, 80))
                            if rng.random() < 0.5
                            else None,
                            "dodatekAdresy": None,
                            "kodAdresnihoMista": rng.randint(1_000_000, 99_999_999)
                            if rng.random() > 0.036
                            else None,
                            "psc": place["psc"],
                            "typCislaDomovniho": {"id": "TypStavebnihoObjektu/1"},
                            "kraj": {"id": f"Kraj/{place['kraj_ruian_kod']}"},
                            "okres": {"id": f"Okres/{place['okres_ruian_kod']}"},
                            "obec": {"id": f"Obec/{place['kod_obce']}"},
                            "castObce": {"id": f"CastObce/{rng.randint(400_000, 499_999)}"},
                            "mestskyObvodMestskaCast": None,
                            "mestskyObvodVPraze": None,
                            "ulice": {
                                "nazev": rng.choice(
                                    ("Hlavní", "Nádražní", "Školní", "Zahradní", "Komenského")
                                )
                            },
                            "x": -rng.uniform(430_000, 900_000),
                            "y": -rng.uniform(935_000, 1_230_000),
                        },
                    }
                    for k, place in enumerate(places)
                ],
                "poskytovatel": rng.choice(providers),
                "emaily": [{"email": f"sluzba{n}@example.cz", "poznamka": None}],
                "telefony": [
                    {"telefon": f"+420 600 {n % 1000:03d} {n % 991:03d}", "poznamka": "recepce"}
                ],
                "faxy": [],
                "weby": [{"web": f"https://www.sluzba{n}.example.cz", "poznamka": None}],
                "ciloveSkupiny": [
                    {"id": f"CilovaSkupinaOsoby/{g}"}
                    for g in sorted(set(rng.choices((24, 26, 27, 30, 5, 9, 12, 17), k=3)))
                ],
                "vekoveSkupiny": [
                    {"id": f"VekovaSkupinaOsoby/{a}"}
                    for a in sorted(set(rng.choices(range(1, 9), k=3)))
                ],
                "doplnujiciInformaceVekoveSkupiny": text(rng, 12),
                "formy": [
                    {
                        "forma": {"id": f"FormaSocialniSluzby/{form}"},
                        "nepretrzitePoskytovani": form == "pob",
                        "casoveRozsahy": None
                        if form == "pob"
                        else [
                            {"den": {"id": f"DenVTydnu/{day}"}, "od": "07:00", "do": "15:30"}
                            for day in ("po", "ut", "st", "ct", "pa")
                        ],
                        "kapacity": [
                            {
                                "pocet": rng.randint(1, 120),
                                "popis": f"Maximální kapacita od 01.0{rng.randint(1, 9)}"
                                f".20{rng.randint(10, 24)}. " + text(rng, 10),
                                "typ": {
                                    "id": "TypKapacitySocialniSluzby/"
                                    + (
                                        "luzka"
                                        if form == "pob"
                                        else rng.choice(
                                            ("klient", "klient", "kontakt", "interv", "hovor")
                                        )
                                    )
                                },
                            }
                        ],
                    }
                    for form in forms
                ],
                "rozsirenePusobnostiVKraji": [],
                "doplnkoveUdaje": {
                    "posláníCíleZásady": text(rng, 200),
                    "okruhOsob": text(rng, 120),
                    "realizacePoskytovani": [
                        {
                            "popis": text(rng, 360),
                            "priloha": {
                                "url": f"https://www.mpsv.cz/agportal-server/rest/documents/"
                                f"{n}-{r}",
                                "nazev": "realizace.pdf",
                            },
                        }
                        for r in range(2)
                    ],
                    "personalniZajisteni": [
                        {
                            "popis": text(rng, 160),
                            "priloha": {
                                "url": f"https://www.mpsv.cz/agportal-server/rest/documents/p{n}",
                                "nazev": "personal.pdf",
                            },
                        }
                    ],
                    "planyFinancnihoZajisteni": [
                        {
                            "rok": year,
                            "priloha": {
                                "url": f"https://www.mpsv.cz/agportal-server/rest/documents/"
                                f"f{n}-{year}",
                                "nazev": f"rozpocet{year}.pdf",
                            },
                        }
                        for year in range(2019, 2026)
                    ],
                },
            }
            out.write(json.dumps(item, ensure_ascii=False))
            out.write(",\n" if n + 1 < services else "\n")
        out.write("]}\n")
    return {"services": services, "facilities": facilities_total, "bytes": path.stat().st_size}


def measure(command: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    """Run `command` in a helper process; return wall seconds, peak RSS in KiB of the command
    alone, the exit code and its stdout."""
    helper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.perf_counter() - start\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'wall': wall, 'rss': rss, 'rc': done.returncode,\n"
        "                  'out': done.stdout + done.stderr[-2000:]}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", helper, *command],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    data = json.loads(result.stdout)
    return data["wall"], data["rss"], data["rc"], data["out"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=6_700)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary database.")
    args = parser.parse_args()

    path = OUT / "rpss_national_synthetic.json"
    start = time.perf_counter()
    stats = generate(path, services=args.services, seed=args.seed)
    print(
        f"generated {path.relative_to(ROOT)}: {stats['services']} services, "
        f"{stats['facilities']} facilities, {stats['bytes'] / 1e6:.1f} MB "
        f"in {time.perf_counter() - start:.1f} s"
    )

    kpss = str(Path(sys.executable).parent / "kpss")
    tmp = Path(tempfile.mkdtemp(prefix="kpss-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    for step in (["migrate", "-v0"], ["load-territory", "--no-progress"], ["load-codelists"]):
        subprocess.run([kpss, *step], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"database: {tmp / 'bench.sqlite3'} (migrated, territory and code lists loaded)")

    for label in ("first import", "re-import (unchanged)"):
        command = [kpss, "import-registry", str(path), "--no-progress"]
        wall, rss, rc, out = measure(command, env)
        print(f"{label}: {wall:.1f} s wall, peak RSS {rss / 1024:.0f} MiB, exit {rc}")
        print("  " + out.strip().replace("\n", "\n  "))
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"(generator process peak RSS {self_rss / 1024:.0f} MiB)")
    if not args.keep:
        for file in tmp.iterdir():
            file.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
