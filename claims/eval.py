"""Score the check stage on the labelled set: `python -m claims.eval [--floor] [--verbose]`.

Each file of ``tests/claims/labelled/`` is a case (a mini incident: official and press texts,
and the expected verdict of chosen press claims; format in that folder's README). For each
case the harness builds a fresh data dir, stores the documents through ``scraper.runner.ingest``
(so the language and topic filters apply as in production), runs ``claims.check.check_store`` and
matches every labelled item to a detected claim of its press document. An item whose claim
was not detected counts as wrong ("missing"); detected claims nobody labelled are only counted.

Prints accuracy, per-verdict precision and recall, the confusion matrix and flag recall.
With ``--floor`` the exit code is 1 when accuracy is below ``claims/data/eval_floor.toml``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from claims.check import check_store
from claims.evalscore import MISSING, Report, format_errors, format_report, score
from claims.normalize import identity_text
from core.settings import Settings

REPO = Path(__file__).resolve().parents[1]
LABELLED_DIR = REPO / "tests" / "claims" / "labelled"
SEEDS_DIR = REPO.parent / "shared" / "seeds"
FLOOR_FILE = Path(__file__).resolve().parent / "data" / "eval_floor.toml"
PARIS = ZoneInfo("Europe/Paris")


# --- the labelled set -----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One labelled claim: where it is in its press text and what the check should say."""

    sentence: str  # substring of the claim's sentence
    verdict: str
    clause: str = ""  # substring of the claim's clause, when the sentence holds several
    flags: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class Doc:
    """An official or press text of a case (inline, or a seed file read at run time)."""

    kind: str
    url: str
    published: datetime | None
    outlet: str
    text: str = ""
    seed: str = ""
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Case:
    """One labelled file: the documents of one incident."""

    path: Path
    title: str
    docs: tuple[Doc, ...]

    @property
    def name(self) -> str:
        """The file's stem, used in reports."""
        return self.path.stem

    @property
    def official(self) -> tuple[Doc, ...]:
        """Official documents of the case."""
        return tuple(d for d in self.docs if d.kind == "official")

    @property
    def press(self) -> tuple[Doc, ...]:
        """Press documents of the case."""
        return tuple(d for d in self.docs if d.kind == "press")

    @property
    def seeds(self) -> tuple[str, ...]:
        """Seed prefixes the case reads."""
        return tuple(d.seed for d in self.docs if d.seed)


def as_datetime(value: date | datetime | None) -> datetime | None:
    """A TOML date becomes noon in Paris; naive datetimes are taken as Paris time."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=PARIS)
    return datetime.combine(value, time(12, 0), tzinfo=PARIS)


def _item(raw: dict) -> Item:
    return Item(
        sentence=raw["sentence"],
        verdict=raw["verdict"],
        clause=raw.get("clause", ""),
        flags=tuple(raw.get("flags", ())),
        why=raw.get("why", ""),
    )


def _doc(kind: str, raw: dict) -> Doc:
    return Doc(
        kind=kind,
        url=raw["url"],
        published=as_datetime(raw.get("published")),
        outlet=raw.get("outlet", ""),
        text=raw.get("text", ""),
        seed=str(raw.get("seed", "")),
        items=tuple(_item(c) for c in raw.get("claims", ())),
    )


def load_case(path: Path) -> Case:
    """Parse one labelled TOML file (no validation beyond the TOML syntax and keys)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    docs = [_doc("official", d) for d in raw.get("official", ())]
    docs += [_doc("press", d) for d in raw.get("press", ())]
    return Case(path=path, title=raw.get("title", path.stem), docs=tuple(docs))


def load_cases(directory: Path = LABELLED_DIR) -> list[Case]:
    """Every case of the labelled folder, in file-name order."""
    return [load_case(p) for p in sorted(directory.glob("*.toml"))]


def seed_path(prefix: str, seeds_dir: Path = SEEDS_DIR) -> Path | None:
    """The seed file whose name starts with `prefix` ("001"), or None."""
    matches = sorted(seeds_dir.glob(f"{prefix}_*.txt")) if seeds_dir.is_dir() else []
    return matches[0] if matches else None


def doc_text(doc: Doc, seeds_dir: Path = SEEDS_DIR) -> str:
    """The document's text; a seed is read from disk (FileNotFoundError when absent)."""
    if not doc.seed:
        return doc.text
    path = seed_path(doc.seed, seeds_dir)
    if path is None:
        raise FileNotFoundError(f"seed {doc.seed} not found in {seeds_dir}")
    return path.read_text(encoding="utf-8")


# --- matching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Detected:
    """A claim the check stage stored for a press document, with its verdict."""

    id: str
    url: str
    position: int
    sentence: str
    text: str
    verdict: str
    reason: str
    flags: tuple[str, ...]


def _words(text: str) -> set[str]:
    return set(identity_text(text).replace("'", " ").split())


def pick(item: Item, claims: Sequence[Detected]) -> Detected | None:
    """The detected claim a labelled item designates, or None.

    Candidates: claims whose sentence contains the item's `sentence` and whose clause contains
    its `clause`. Among several, prefer a clause containing the item's words, then the largest
    word overlap with them, then the earliest claim.
    """
    wanted = identity_text(item.sentence)
    clause = identity_text(item.clause)
    found = [
        c for c in claims if wanted in identity_text(c.sentence) and clause in identity_text(c.text)
    ]
    if len(found) <= 1:
        return found[0] if found else None
    key = clause or wanted
    words = _words(key)
    return min(
        found,
        key=lambda c: (
            key not in identity_text(c.text),
            -len(words & _words(c.text)),
            c.position,
            c.id,
        ),
    )


# --- running a case -------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """The eval's result for one labelled item."""

    case: str
    url: str
    item: Item
    got: str  # a verdict, or MISSING
    reason: str
    flags: tuple[str, ...] = ()
    claim_id: str = ""

    @property
    def correct(self) -> bool:
        """The verdict matches the label."""
        return self.got == self.item.verdict


@dataclass
class CaseResult:
    """Outcomes of one case plus what was detected and not labelled."""

    case: Case
    outcomes: list[Outcome] = field(default_factory=list)
    detected: int = 0
    unlabelled: int = 0
    problems: list[str] = field(default_factory=list)
    auto_incidents: int = 0  # incidents the automatic grouping makes of the case's documents


def _ingest_case(case: Case, settings: Settings, workdir: Path, seeds_dir: Path) -> list[str]:
    """Store the case's documents (officials first); returns problems (drops, failures)."""
    from scraper.runner import ingest

    problems = []
    for index, doc in enumerate((*case.official, *case.press)):
        path = workdir / f"{index:02d}-{doc.kind}.txt"
        path.write_text(doc_text(doc, seeds_dir), encoding="utf-8")
        summary = ingest(
            settings, [path], kind=doc.kind, url=doc.url, published=doc.published, outlet=doc.outlet
        )
        for url, reason, detail in summary.dropped:
            problems.append(f"{url} dropped at ingest: {reason} ({detail})")
        for url, reason in summary.failures:
            problems.append(f"{url} failed at ingest: {reason}")
    return problems


QUERY = """
    SELECT c.id, d.url, c.position, COALESCE(NULLIF(c.sentence, ''), c.text), c.text,
           v.verdict, v.reason, v.flags
    FROM claims c
    JOIN documents d ON d.id = c.document_id
    LEFT JOIN verdicts v ON v.claim_id = c.id
    WHERE d.kind = 'press' AND c.status = 'current'
    ORDER BY d.url, c.position, c.id
"""


def read_detected(db_path: Path) -> list[Detected]:
    """Press claims and their verdicts from a store."""
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute(QUERY).fetchall()
    finally:
        db.close()
    return [
        Detected(
            id=r[0],
            url=r[1],
            position=r[2],
            sentence=r[3],
            text=r[4],
            verdict=r[5] or "none",
            reason=r[6] or "",
            flags=tuple(json.loads(r[7] or "[]")),
        )
        for r in rows
    ]


def score_case(case: Case, detected: Sequence[Detected]) -> CaseResult:
    """Match each labelled item of a case to the detected claims of its document."""
    result = CaseResult(case=case, detected=len(detected))
    used: set[str] = set()
    for doc in case.press:
        claims = [c for c in detected if c.url == doc.url]
        for item in doc.items:
            hit = pick(item, claims)
            if hit is None:
                result.outcomes.append(
                    Outcome(
                        case.name, doc.url, item, MISSING, "no detected claim matches this sentence"
                    )
                )
                continue
            used.add(hit.id)
            result.outcomes.append(
                Outcome(case.name, doc.url, item, hit.verdict, hit.reason, hit.flags, hit.id)
            )
    result.unlabelled = sum(1 for c in detected if c.id not in used)
    return result


def write_curated(case: Case, data_dir: Path) -> None:
    """Declare the case as one incident (`DATA_DIR/incidents.toml`): the labels assume it."""
    urls = ", ".join(json.dumps(d.url) for d in case.docs)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "incidents.toml").write_text(
        f"[[incident]]\nslug = {json.dumps('eval-' + case.name)}\n"
        f"title = {json.dumps(case.title)}\ndocuments = [{urls}]\n",
        encoding="utf-8",
    )


def automatic_split(settings: Settings) -> int:
    """How many incidents the automatic grouping (no curated file) makes of the documents."""
    from claims import incidents
    from claims.check import _doc_infos
    from core.store import open_store

    with open_store(settings) as store:
        return len(incidents.group(_doc_infos(store)))


def run_case(
    case: Case, *, seeds_dir: Path = SEEDS_DIR, auto_incidents: bool = False
) -> CaseResult:
    """Ingest, check and score one case in a fresh temporary data dir.

    The case is declared as one incident through the curated incidents file, so the score
    measures the cross-check; with `auto_incidents` the automatic grouping decides.
    """
    dates = [d.published for d in case.docs if d.published is not None]
    now = (max(dates) if dates else datetime(2025, 1, 1, tzinfo=UTC)) + timedelta(days=30)
    with tempfile.TemporaryDirectory(prefix="vigie-eval-") as tmp:
        workdir = Path(tmp)
        settings = Settings(data_dir=workdir / "data", now_override=now.astimezone(UTC))
        if not auto_incidents:
            write_curated(case, settings.data_dir)
        problems = _ingest_case(case, settings, workdir, seeds_dir)
        check_store(settings, workers=1)  # in process: the model it loads once serves every case
        result = score_case(case, read_detected(settings.db_path))
        result.auto_incidents = automatic_split(settings)
    result.problems = problems
    return result


def read_floor(path: Path = FLOOR_FILE) -> float:
    """The pinned accuracy floor."""
    return float(tomllib.loads(path.read_text(encoding="utf-8"))["accuracy"])


def evaluate(
    cases: Sequence[Case], *, seeds_dir: Path = SEEDS_DIR, auto_incidents: bool = False
) -> tuple[Report, list[CaseResult]]:
    """Run every case (the spaCy pipeline is loaded once) and score them together."""
    results = [run_case(case, seeds_dir=seeds_dir, auto_incidents=auto_incidents) for case in cases]
    return score(o for r in results for o in r.outcomes), results


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: print the scores; with --floor, exit 1 below the pinned floor."""
    parser = argparse.ArgumentParser(
        prog="python -m claims.eval", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--floor", action="store_true", help="exit 1 below the pinned floor")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every error")
    parser.add_argument("--labelled", type=Path, default=LABELLED_DIR, help="labelled folder")
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="seed texts folder")
    parser.add_argument(
        "--case",
        action="append",
        default=[],
        help="only cases whose file name contains this (repeatable)",
    )
    parser.add_argument(
        "--auto-incidents",
        action="store_true",
        help="let the automatic grouping decide incidents instead of declaring"
        " each case as one incident",
    )
    args = parser.parse_args(argv)
    cases = load_cases(args.labelled)
    if args.case:
        cases = [c for c in cases if any(part in c.path.name for part in args.case)]
    absent = sorted({s for c in cases for s in c.seeds if seed_path(s, args.seeds) is None})
    if absent:
        print(
            f"warning: seeds {', '.join(absent)} not found in {args.seeds}: "
            "their cases are skipped",
            file=sys.stderr,
        )
        cases = [c for c in cases if not set(c.seeds) & set(absent)]
    report, results = evaluate(cases, seeds_dir=args.seeds, auto_incidents=args.auto_incidents)
    if args.verbose:
        errors = format_errors(results)
        if errors:
            print(errors + "\n")
    print(format_report(report, results))
    if args.floor:
        floor = read_floor()
        if report.accuracy < floor:
            print(
                f"FAIL: accuracy {report.accuracy:.4f} is below the floor {floor:.4f}",
                file=sys.stderr,
            )
            return 1
        print(f"floor {floor:.4f}: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
