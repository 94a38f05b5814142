"""Measure the false-positive rate of the `personal-data` rule.

    python benchmarks/personal_data_fp.py [--samples 20000]

Runs the CPR detector over generated Danish text that holds no CPR numbers (dates in the
usual formats, phone numbers, CVR numbers, labelled and unlabelled P-numbers) and the e-mail
detector over shared mailboxes, and prints the share of samples wrongly reported. Also counts
the findings on the example registry, which contains no personal data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from os2ctl.rules.personal_data import find_cpr_numbers, personal_emails  # noqa: E402

EMAIL_SAMPLES = {
    "shared mailboxes (info@, support@, kontakt@ ...)": [
        f"Skriv til {m}@{d}" for m in ("info", "support", "kontakt", "sekretariat", "servicedesk", "post")
        for d in ("os2.eu", "aarhus.dk", "magenta.dk", "kl.dk")],
    "SSH repository URLs (git@github.com:OS2/x.git)": [f"git@github.com:OS2/{n}.git" for n in ("os2mo", "kitos", "web")],
    "package pins and digests (pkg@1.2.3, image@sha256:...)": ["os2forms@2.4.1", "@os2/forms", "image@sha256:ab12cd"],
}


def _date(rng: random.Random) -> dt.date:
    return dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(40_000))


GENERATORS = {
    "dates (29-11-2026, 29.11.2026, 2026-11-29, 29112026)": lambda r: _date(r).strftime(
        r.choice(["%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d%m%Y", "%d/%m-%Y"])),
    "phone numbers (12 34 56 78, +45 12345678, 4512345678)": lambda r: r.choice(
        ["{} {} {} {}", "+45 {}{}{}{}", "45{}{}{}{}", "tlf. {}{}{}{}"]).format(
        *[f"{r.randrange(100):02d}" for _ in range(4)]),
    "CVR numbers (8 digits)": lambda r: f"CVR {r.randrange(10_000_000, 99_999_999)}",
    "labelled P-numbers (P-nr. 10xxxxxxxx)": lambda r: f"P-nr. 10{r.randrange(10**8):08d}",
    "unlabelled P-numbers (10xxxxxxxx)": lambda r: f"10{r.randrange(10**8):08d}",
}


def rate(generator, samples: int, rng: random.Random) -> float:
    """Share of generated samples the CPR detector reports."""
    hits = sum(1 for _ in range(samples) if list(find_cpr_numbers(f"Tekst {generator(rng)} mere tekst.")))
    return hits / samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(2016)
    print("| text without CPR numbers | samples | reported as CPR |\n|---|---|---|")
    for label, generator in GENERATORS.items():
        print(f"| {label} | {args.samples} | {rate(generator, args.samples, rng):.2%} |")
    print("\n| text without personal e-mail addresses | samples | reported as personal |\n|---|---|---|")
    for label, texts in EMAIL_SAMPLES.items():
        flagged = sum(1 for text in texts if personal_emails(text))
        print(f"| {label} | {len(texts)} | {flagged / len(texts):.2%} |")
    import datetime

    from os2ctl.check import check_registry
    from os2ctl.registry.loader import load_registry

    root = Path(__file__).resolve().parent.parent / "registry"
    report = check_registry(load_registry(root), datetime.date(2026, 11, 29))
    found = [f for f in report.findings if f.rule == "personal-data"]
    print(f"\nexample registry: {report.files} files, {len(found)} personal-data findings")


if __name__ == "__main__":
    main()
