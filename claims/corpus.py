"""The real-text evaluation: `../shared/corpus/` (real press and official texts, one folder per
incident) scored against the labels of `tests/claims/corpus_labels/`.

Unlike the own cases of `claims.eval`, nothing is declared: every file of the corpus goes into
one store through `scraper.runner.ingest`, `check` groups the documents into incidents by
itself, and the score covers the whole chain (topic filter, grouping, extraction, cross-check).

- Grouping: B-cubed precision, recall and F1 of the automatic incidents against the folder
  names, for the documents of each split's incidents.
- Verdicts: each labelled item designates the detected claim of its file (as in
  `claims.eval.pick`); per split, accuracy and per-verdict precision and recall.
- Non-claims: labelled sentences that must not become claims; the share that did.

The labels (`tests/claims/corpus_labels/<incident>.toml`) were written blind, before looking at what
the tool says; incidents whose file says `split = "heldout"` are frozen: never read while
changing rules, scored only when a change is finished.
"""

from __future__ import annotations

import sqlite3
import tempfile
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from claims import crosscheck, grouping
from claims import eval as ev
from claims.check import _doc_infos, check_store
from claims.crosscheck import Gate, Thresholds
from claims.eval import Detected, Item, Outcome, pick, read_detected
from claims.evalscore import MISSING, Report, format_confusion, score
from claims.normalize import identity_text
from core import frontmatter
from core.settings import Settings
from scraper.urls import canonical_url

REPO = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO.parent / "shared" / "corpus"
LABELS_DIR = REPO / "tests" / "claims" / "corpus_labels"
SPLITS = ("dev", "heldout")
PARIS = ZoneInfo("Europe/Paris")
# The corpus spans 2019-2026: a fixed "now" keeps the eval reproducible.
EVAL_NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class CorpusFile:
    """One file of the corpus: header fields and the text as the project should read it."""

    incident: str
    prefix: str  # "b018": the file name before its first underscore
    url: str  # as the store keeps it (canonical)
    title: str
    kind: str  # official | press (aggregators are press)
    published: date | None  # only a full YYYY-MM-DD header date
    text: str
    path: Path


def parse_corpus_file(path: Path) -> CorpusFile:
    """Read one corpus file: a header (`core.frontmatter`), `---`, then the text."""
    header = frontmatter.parse(path.read_text(encoding="utf-8"))
    if header is None:
        raise ValueError(f"{path}: no header ending with a '---' line")
    return CorpusFile(
        incident=header.fields.get("incident", path.parent.name),
        prefix=path.name.split("_", 1)[0],
        url=canonical_url(header.url or path.resolve().as_uri()),
        title=header.title,
        kind="official" if header.fields.get("kind") == "official" else "press",
        published=header.day,
        text=header.text,
        path=path,
    )


def load_corpus(root: Path = CORPUS_DIR) -> list[CorpusFile]:
    """Every file of every incident folder, in path order."""
    return [parse_corpus_file(p) for p in sorted(root.glob("*/*.txt"))]


# --- labels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """The labels of one incident."""

    incident: str
    split: str
    claims: tuple[tuple[str, Item], ...]  # (file prefix, item)
    not_claims: tuple[tuple[str, str, str], ...]  # (file prefix, sentence, why)


def load_labels(directory: Path = LABELS_DIR) -> list[Labels]:
    """Every incident's labels, in file-name order. Raises ValueError on a malformed file."""
    out = []
    for path in sorted(directory.glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        split = raw.get("split")
        if split not in SPLITS:
            raise ValueError(f"{path}: split must be one of {', '.join(SPLITS)}")
        claims = tuple(
            (
                str(c["file"]),
                Item(
                    sentence=c["sentence"],
                    verdict=c["verdict"],
                    clause=c.get("clause", ""),
                    flags=tuple(c.get("flags", ())),
                    why=c.get("why", ""),
                ),
            )
            for c in raw.get("claim", ())
        )
        not_claims = tuple(
            (str(c["file"]), c["sentence"], c.get("why", "")) for c in raw.get("not_claim", ())
        )
        out.append(Labels(raw.get("incident", path.stem), split, claims, not_claims))
    return out


# --- grouping scores ------------------------------------------------------------------------


@dataclass(frozen=True)
class Grouping:
    """B-cubed scores over a set of documents."""

    documents: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """Harmonic mean of B-cubed precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(
    gold: dict[str, str], found: dict[str, str], only: Iterable[str] | None = None
) -> Grouping:
    """B-cubed precision and recall of `found` (item → cluster) against `gold` (item →
    class), averaged over the items of `only` (default: all gold items). Items absent from
    `found` are singletons."""
    items = sorted(only if only is not None else gold)
    clusters: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        clusters[found.get(item, "\0" + item)].add(item)
    classes: dict[str, set[str]] = defaultdict(set)
    for item, cls in gold.items():
        classes[cls].add(item)
    p = r = 0.0
    for item in items:
        cluster = clusters[found.get(item, "\0" + item)]
        members = classes[gold[item]]
        both = len(cluster & members)
        p += both / len(cluster)
        r += both / len(members)
    n = len(items)
    return Grouping(n, p / n if n else 0.0, r / n if n else 0.0)


# --- running ----------------------------------------------------------------------------------


@dataclass
class CorpusResult:
    """Everything the corpus eval measured."""

    files: list[CorpusFile]
    stored: dict[str, str]  # url → document id
    incident_of: dict[str, str]  # url → incident slug
    detected: list[Detected]
    labels: list[Labels]
    outcomes: dict[str, list[tuple[str, str, Item, Detected | None]]] = field(
        default_factory=dict
    )  # split → (incident, file prefix, item, claim or None)
    non_claims: dict[str, Counter[str]] = field(default_factory=dict)  # split → counts
    problems: list[str] = field(default_factory=list)
    trace: dict[str, tuple[str, str, float, float]] = field(default_factory=dict)

    def split_of(self, incident: str) -> str | None:
        """The split an incident's labels belong to."""
        return next((lab.split for lab in self.labels if lab.incident == incident), None)

    def grouping(self, split: str | None = None) -> Grouping:
        """B-cubed of stored documents against folders (one split's incidents, or all)."""
        gold = {f.url: f.incident for f in self.files if f.url in self.stored}
        only = [u for u, inc in gold.items() if split is None or self.split_of(inc) == split]
        return bcubed(gold, self.incident_of, only)

    def report(self, split: str) -> Report:
        """Verdict scores of one split."""
        return score(
            Outcome(
                inc,
                hit.url if hit else "",
                item,
                hit.verdict if hit else MISSING,
                hit.reason if hit else "",
                hit.flags if hit else (),
                hit.id if hit else "",
            )
            for inc, _p, item, hit in self.outcomes.get(split, [])
        )


@contextmanager
def traced() -> Iterator[dict[str, tuple[str, str, float, float]]]:
    """While in the block, the cross-check records each claim's verdict before the gate and
    what the gate reads (`crosscheck.TRACE`); the dict holds them after."""
    trace: dict[str, tuple[str, str, float, float]] = {}
    crosscheck.TRACE = trace
    try:
        yield trace
    finally:
        crosscheck.TRACE = None


def run_corpus(
    root: Path = CORPUS_DIR,
    labels_dir: Path = LABELS_DIR,
    *,
    workers: int = 1,
    keep: Path | None = None,
) -> CorpusResult:
    """Ingest the whole corpus into a fresh store, check it and score it."""
    files = load_corpus(root)
    labels = load_labels(labels_dir)
    with tempfile.TemporaryDirectory(prefix="vigie-corpus-") as tmp:
        data_dir = keep or Path(tmp) / "data"
        settings = Settings(data_dir=data_dir, now_override=EVAL_NOW)
        problems = _ingest(files, settings)
        with traced() as trace:
            check_store(settings, workers=workers)
        stored, incident_of = _documents(settings.db_path)
        detected = read_detected(settings.db_path)
    result = CorpusResult(
        files, stored, incident_of, detected, labels, problems=problems, trace=trace
    )
    _match(result)
    return result


def _ingest(files: Sequence[CorpusFile], settings: Settings) -> list[str]:
    """Store every file as `vigie ingest --kind KIND FILE` would: the file as it is, its
    header giving address, title and day."""
    from scraper.runner import ingest

    problems = []
    for f in sorted(files, key=lambda f: (f.kind != "official", f.url)):
        summary = ingest(settings, [f.path], kind=f.kind)
        for url, reason, detail in summary.dropped:
            problems.append(f"{f.incident}/{f.prefix} {url} dropped: {reason} ({detail})")
        for url, reason in summary.failures:
            problems.append(f"{f.incident}/{f.prefix} {url} failed: {reason}")
    return problems


def _documents(db_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    db = sqlite3.connect(db_path)
    try:
        stored = {url: doc for doc, url in db.execute("SELECT id, url FROM documents")}
        members = {
            doc: slug
            for slug, doc in db.execute("SELECT incident, document_id FROM incident_documents")
        }
    finally:
        db.close()
    return stored, {url: members.get(doc, "") for url, doc in stored.items()}


def _match(result: CorpusResult) -> None:
    url_of = {(f.incident, f.prefix): f.url for f in result.files}
    by_url: dict[str, list[Detected]] = defaultdict(list)
    for c in result.detected:
        by_url[c.url].append(c)
    for lab in result.labels:
        outcomes = result.outcomes.setdefault(lab.split, [])
        counts = result.non_claims.setdefault(lab.split, Counter())
        for prefix, item in lab.claims:
            url = url_of.get((lab.incident, prefix), "")
            outcomes.append((lab.incident, prefix, item, pick(item, by_url.get(url, []))))
        for prefix, sentence, _why in lab.not_claims:
            url = url_of.get((lab.incident, prefix), "")
            wanted = identity_text(sentence)
            counts["labelled"] += 1
            counts["became claims"] += any(
                wanted in identity_text(c.sentence) for c in by_url.get(url, [])
            )


# --- fitting the grouping ---------------------------------------------------------------------

GRID_THRESHOLDS = tuple(t / 100 for t in range(3, 14))
GRID_WINDOWS = (365, 730)
GRID_FAR = (0.0, 0.5)
GRID_UNIQUE = (0.1, 0.25)  # 0 (shared terms only) makes a short text look like its
# few shared words, so one passing mention of another attack could move it: not allowed
GRID_YEAR = (0.25, 0.5, 1.0)


def grouping_items(data_dir: Path) -> list[tuple[str, grouping.Item]]:
    """(url, grouping item) of every stored document of a checked corpus store."""
    from core.store import open_store

    settings = Settings(data_dir=data_dir, now_override=EVAL_NOW)
    with open_store(settings) as store:
        return [(d.url, d.item()) for d in _doc_infos(store)]


def _grouping_f1(
    items: Sequence[grouping.Item],
    gold: dict[str, str],
    params: grouping.Params,
    only: Iterable[str] | None = None,
) -> float:
    groups = grouping.cluster(items, params)
    found = {i: str(k) for k, ids in enumerate(groups) for i in ids}
    return bcubed({i.id: gold[i.id] for i in items}, found, only).f1


def fit_grouping(
    items: Sequence[grouping.Item], gold: dict[str, str]
) -> tuple[grouping.Params, float, float]:
    """Grid search of the grouping parameters on `items` (gold: item id → incident):
    returns the best parameters on all of them, their B-cubed F1, and the leave-one-
    incident-out cross-validated F1 (parameters fitted without an incident, then scored on
    that incident's documents; averaged over documents). Ties go to the stricter rule for
    dated documents far apart (the year must agree), the milder one for an undated document
    whose text names another year (that year is a guess), the wider window, the lower
    threshold."""
    grid = [
        grouping.Params(t, w, f, u, y)
        for t in GRID_THRESHOLDS
        for w in GRID_WINDOWS
        for f in GRID_FAR
        for u in GRID_UNIQUE
        for y in GRID_YEAR
    ]

    def best(subset: Sequence[grouping.Item]) -> tuple[grouping.Params, float]:
        scored = [(_grouping_f1(subset, gold, p), p) for p in grid]
        f1, params = min(
            scored,
            key=lambda sp: (
                -round(sp[0], 9),
                sp[1].far_factor,
                -sp[1].year_factor,
                -sp[1].window_days,
                sp[1].threshold,
                sp[1].unique_weight,
            ),
        )
        return params, f1

    params, f1 = best(items)
    total = weight = 0.0
    for incident in sorted(set(gold[i.id] for i in items)):
        inside = [i.id for i in items if gold[i.id] == incident]
        fitted, _ = best([i for i in items if gold[i.id] != incident])
        total += _grouping_f1(items, gold, fitted, inside) * len(inside)
        weight += len(inside)
    return params, f1, total / weight if weight else 0.0


# --- floors ----------------------------------------------------------------------------------

FLOOR_FILE = ev.FLOOR_FILE  # the own cases' floor and the real sets' share one file


def read_floors(path: Path = FLOOR_FILE) -> dict[str, dict[str, float]]:
    """The pinned floors of each real split."""
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get("real", {})
    return {split: {k: float(v) for k, v in raw.get(split, {}).items()} for split in SPLITS}


def floor_failures(result: CorpusResult, path: Path = FLOOR_FILE) -> list[str]:
    """One line per floor a split does not reach."""
    out = []
    for split, floors in read_floors(path).items():
        report = result.report(split)
        g = result.grouping(split)
        contra = report.precision.get("contradicted")
        nc = result.non_claims.get(split, Counter())
        measured = {
            "accuracy": report.accuracy,
            "grouping_f1": g.f1,
            "contradicted_precision": 1.0 if contra is None else contra,
            # the share of sentences labelled as no claim that stay no claim
            "non_claims_kept_out": 1 - nc["became claims"] / max(nc["labelled"], 1),
        }
        for key, floor in sorted(floors.items()):
            if measured[key] < floor:
                out.append(f"real {split} {key} {measured[key]:.4f} below the floor {floor:.4f}")
    return out


# --- printing ---------------------------------------------------------------------------------


def format_split(result: CorpusResult, split: str) -> str:
    """Scores of one split: grouping, accuracy, per-verdict precision and recall, confusion,
    non-claims."""
    report = result.report(split)
    g = result.grouping(split)
    nc = result.non_claims.get(split, Counter())
    incidents = sorted({inc for inc, *_ in result.outcomes.get(split, [])})
    return "\n".join(
        [
            f"== real {split} ({len(incidents)} incidents: {', '.join(incidents)})",
            f"grouping B-cubed over {g.documents} documents: precision {g.precision:.3f}"
            f"  recall {g.recall:.3f}  F1 {g.f1:.3f}",
            format_confusion(report),
            f"sentences labelled as no claim that became claims: {nc['became claims']}"
            f"/{nc['labelled']}",
        ]
    )


def format_errors(result: CorpusResult, split: str) -> str:
    """Every wrong item of a split (for --verbose; never run it on the held-out split while
    changing rules)."""
    lines = []
    for incident, prefix, item, hit in result.outcomes.get(split, []):
        got = hit.verdict if hit else MISSING
        if got == item.verdict:
            continue
        lines.append(
            f"[{incident}/{prefix}] expected {item.verdict}, got {got}\n"
            f"    sentence: {item.sentence}"
            + (f"\n    clause:   {item.clause}" if item.clause else "")
            + (f"\n    claim:    {hit.text}\n    reason:   {hit.reason}" if hit else "")
            + f"\n    why:      {item.why}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: score the real corpus; --fit refits the grouping parameters."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="python -m claims.corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--labels", type=Path, default=LABELS_DIR)
    parser.add_argument(
        "--errors",
        choices=SPLITS,
        help="print every wrong item of this split (not 'heldout' while changing rules)",
    )
    parser.add_argument(
        "--fit",
        action="store_true",
        help="refit the grouping (background table and parameters) on the"
        " development incidents, print the leave-one-incident-out score and"
        " write claims/data/grouping*.toml",
    )
    parser.add_argument(
        "--fit-gate",
        action="store_true",
        help="refit the cross-check's gate and write claims/data/decision.toml",
    )
    parser.add_argument(
        "--fit-thresholds",
        action="store_true",
        help="refit the cross-check's thresholds and write claims/data/thresholds.toml"
        " (a corpus run per setting tried: minutes)",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="exit 1 when a real set falls below claims/data/eval_floor.toml",
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: corpus folder {args.corpus} not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="vigie-corpus-keep-") as keep:
        result = run_corpus(
            args.corpus, args.labels, workers=args.workers, keep=Path(keep) / "data"
        )
        for problem in result.problems:
            print(f"note: {problem}")
        if args.errors:
            print(format_errors(result, args.errors) + "\n")
        for split in SPLITS:
            print(format_split(result, split) + "\n")
        failures = floor_failures(result) if args.floor else []
        for failure in failures:
            print(f"FAIL: {failure}", file=sys.stderr)
        if args.fit:
            dev_incidents = {lab.incident for lab in result.labels if lab.split == "dev"}
            write_background(background_table(result.files, dev_incidents), GROUPING_BACKGROUND)
            grouping.background.cache_clear()
            pairs = grouping_items(Path(keep) / "data")
            by_url = {f.url: f.incident for f in result.files}
            gold = {item.id: by_url[url] for url, item in pairs}
            dev = [item for _, item in pairs if result.split_of(gold[item.id]) == "dev"]
            params, f1, cv = fit_grouping(dev, gold)
            write_grouping(params, f1, cv)
            print(
                f"grouping fitted on the development incidents: {params}\n"
                f"B-cubed F1 {f1:.3f}, leave-one-incident-out cross-validated F1 {cv:.3f}"
                f"\nwritten to {GROUPING_FILE} and {GROUPING_BACKGROUND}; run --fit-gate"
                " next (the gate is fitted on claims grouped as they now will be)"
            )
        if args.fit_gate:
            gate, accuracy, cv = fit_gate(gate_rows(result, "dev") + own_gate_rows())
            write_gate(gate, accuracy, cv)
            print(
                f"gate fitted on the real development incidents and the own cases: {gate}\n"
                f"accuracy {accuracy:.3f} of detected labelled claims, leave-one-incident-out"
                f" {cv:.3f}; written to {GATE_FILE}"
            )
    if args.fit_thresholds:
        cases = [c for c in ev.load_cases() if all(ev.seed_path(x) for x in c.seeds)]

        def evaluate(t: Thresholds) -> Scored:
            crosscheck.set_thresholds(t)
            run = run_corpus(args.corpus, args.labels, workers=args.workers)
            return scored(run, ev.evaluate(cases)[1])

        fitted, accuracy, cv = fit_thresholds(evaluate, crosscheck.thresholds())
        write_thresholds(fitted, accuracy, cv)
        print(
            f"thresholds fitted on the real development incidents and the own cases: {fitted}"
            f"\naccuracy {accuracy:.3f} of labelled claims, leave-one-incident-out {cv:.3f};"
            f" written to {crosscheck.THRESHOLDS_FILE}; run --fit-gate next"
        )
    if args.floor and not failures:
        print("real floors: ok")
    return 1 if failures else 0


GROUPING_FILE = grouping.DATA  # the files the stages read, as they name them
GROUPING_BACKGROUND = grouping.BACKGROUND
GATE_FILE = crosscheck.GATE_FILE


def write_fitted(path: Path, table: str, values: Any, comment: str) -> None:
    """Write fitted values (a dataclass) as one TOML table, after a comment saying how they
    were fitted and what they scored: the data files the stages read."""
    lines = [f"# {line}".rstrip() for line in comment.strip().splitlines()]
    lines.append(f"[{table}]")
    lines += [f"{key} = {value}" for key, value in asdict(values).items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_grouping(
    params: grouping.Params, f1: float, cv: float, path: Path = GROUPING_FILE
) -> None:
    """Write the fitted grouping parameters with their scores."""
    write_fitted(
        path,
        "grouping",
        params,
        f"""
Parameters of the content grouping (claims/grouping.py), fitted on the development
incidents of the real corpus by `python -m claims.corpus --fit` (grid search, B-cubed
F1). Do not tune by hand.
B-cubed F1 {f1:.3f} on the development incidents, leave-one-incident-out {cv:.3f}.""",
    )


def write_gate(gate: Gate, accuracy: float, cv: float, path: Path = GATE_FILE) -> None:
    """Write the fitted gate with its scores."""
    write_fitted(
        path,
        "gate",
        gate,
        f"""
The cross-check's gate (claims/crosscheck.py, Gate): how close the deciding official
sentence must be for a verdict to stand. Fitted by `python -m claims.corpus
--fit-gate` on the real development incidents and the own labelled cases together,
under "Contredit" precision >= 0.95 in each (verdicts before the gate are traced,
so the current values do not bias the fit). The contradiction half keeps a margin
of {CONTRA_MARGIN} coverage above every wrong contradiction of the real incidents.
Do not tune by hand.
Accuracy {accuracy:.3f} of detected labelled claims, leave-one-incident-out {cv:.3f}.""",
    )


# --- fitting the gate ---------------------------------------------------------------------------

GATE_COVERAGE = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
GATE_SIMILARITY = (0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)
MIN_CONTRA_PRECISION = 0.95
CONTRA_MARGIN = 0.2  # coverage kept between the contradiction gate and real wrong ones
# (0.1 let two wrong "Contredit" through on the held-out incidents when the development rows
# held no wrong contradiction above 0.27: a wrong accusation costs more than a missed one)


def gate_rows(result: CorpusResult, split: str = "dev") -> list[tuple]:
    """(incident, expected, verdict before the gate, coverage, similarity) of every labelled
    item of a split whose claim was detected and judged through the gate."""
    rows = []
    for incident, _prefix, item, hit in result.outcomes.get(split, []):
        if hit is None:
            continue
        raw = result.trace.get(hit.id)
        if raw is None:
            rows.append((incident, item.verdict, hit.verdict, 1.0, 1.0))  # not gated
        else:
            rows.append((incident, item.verdict, raw[0], raw[2], raw[3]))
    return rows


def _gated(row: tuple, gate: Gate) -> str:
    _inc, _expected, verdict, coverage, sim = row
    return verdict if gate.keeps(verdict, coverage, sim) else "unsupported"


def _gate_score(rows: Sequence[tuple], gate: Gate) -> tuple[bool, int]:
    """(contradiction precision reaches the floor in each set of rows (real, own), correct
    verdicts)."""
    got = [_gated(r, gate) for r in rows]
    precise = True
    for own in (False, True):
        contra = [
            r[1] == "contradicted"
            for r, g in zip(rows, got, strict=True)
            if g == "contradicted" and r[0].startswith("own:") == own
        ]
        precise = precise and (not contra or sum(contra) / len(contra) >= MIN_CONTRA_PRECISION)
    return precise, sum(r[1] == g for r, g in zip(rows, got, strict=True))


def own_gate_rows() -> list[tuple]:
    """Gate rows of the project's own labelled cases (`claims.eval`), incident "own:<case>":
    they hold most of the contradictions the real development set lacks."""
    cases = [c for c in ev.load_cases() if all(ev.seed_path(x) for x in c.seeds)]
    with traced() as trace:
        _report, results = ev.evaluate(cases)
    rows = []
    for r in results:
        for o in r.outcomes:
            if o.got == MISSING:
                continue
            raw = trace.get(o.claim_id)
            rows.append(
                (f"own:{r.case.name}", o.item.verdict, raw[0], raw[2], raw[3])
                if raw
                else (f"own:{r.case.name}", o.item.verdict, o.got, 1.0, 1.0)
            )
    return rows


def fit_gate(rows: Sequence[tuple]) -> tuple[Gate, float, float]:
    """The gate maximising correct verdicts among those whose contradictions reach
    `MIN_CONTRA_PRECISION` (ties: the most permissive), its accuracy on `rows`, and the
    leave-one-incident-out accuracy.

    A "Contredit" accuses a named outlet, and the own cases that hold most contradictions
    are not real press: the contradiction half also keeps `CONTRA_MARGIN` of coverage above
    every wrong contradiction of the real rows (incidents not "own:…")."""
    grid = [(c, s) for c in GATE_COVERAGE for s in GATE_SIMILARITY]  # (coverage, similarity)

    def best(subset: Sequence[tuple]) -> Gate:
        # the two halves act on disjoint claims: fit them one after the other
        wrong = [
            r[3]
            for r in subset
            if r[2] == "contradicted" and r[1] != "contradicted" and not r[0].startswith("own:")
        ]
        floor = max(wrong, default=-1.0) + CONTRA_MARGIN
        allowed = [cs for cs in grid if cs[0] >= floor] or grid[-1:]
        c_best = max(allowed, key=lambda cs: (_gate_score(subset, Gate(*cs)), -cs[0], -cs[1]))
        s_best = max(
            grid,
            key=lambda cs: (
                _gate_score(subset, Gate(c_best[0], c_best[1], cs[0], cs[1])),
                -cs[0],
                -cs[1],
            ),
        )
        return Gate(c_best[0], c_best[1], s_best[0], s_best[1])

    gate = best(rows)
    accuracy = _gate_score(rows, gate)[1] / len(rows) if rows else 0.0
    correct = 0
    for incident in sorted({r[0] for r in rows}):
        fitted = best([r for r in rows if r[0] != incident])
        inside = [r for r in rows if r[0] == incident]
        correct += _gate_score(inside, fitted)[1]
    return gate, accuracy, correct / len(rows) if rows else 0.0


# --- fitting the thresholds ------------------------------------------------------------------

THRESHOLD_GRID: dict[str, tuple[float, ...]] = {
    "min_coverage": (0.2, 0.25, 0.3, 0.35, 0.4),
    "min_coverage_topic": (0.1, 0.14, 0.18, 0.22, 0.26),
    "min_coverage_count": (0.05, 0.1, 0.15),
    "min_coverage_same": (0.4, 0.5, 0.6),
    "min_coverage_generic": (0.5, 0.6, 0.7),
    "contra_weight": (0.6, 0.8, 1.0),
    "topic_weight": (1.0, 2.0, 3.0),
    "class_weight": (0.75, 1.5, 2.25),
    "unit_weight": (0.75, 1.5, 2.25),
    "similarity_weight": (1.5, 3.0, 4.5),
}


@dataclass(frozen=True)
class Scored:
    """What one setting of the thresholds scored: right verdicts and labelled claims per
    incident, and whether its contradictions are precise enough (none wrong on real press,
    `MIN_CONTRA_PRECISION` on the own cases)."""

    correct: dict[str, int]
    labelled: dict[str, int]
    precise: bool


def fit_thresholds(
    evaluate: Callable[[Thresholds], Scored],
    start: Thresholds,
    grid: dict[str, tuple[float, ...]] = THRESHOLD_GRID,
    sweeps: int = 2,
) -> tuple[Thresholds, float, float]:
    """Coordinate ascent over `grid` from `start`: each threshold in turn takes the value
    giving the most right verdicts among precise settings (a move needs a strict gain, so
    a flat stretch keeps the current value). Returns the thresholds, their accuracy, and
    the leave-one-incident-out accuracy over every evaluated setting (for each incident,
    the best setting without it, scored on it)."""
    seen: dict[Thresholds, Scored] = {}

    def run(t: Thresholds) -> Scored:
        if t not in seen:
            seen[t] = evaluate(t)
        return seen[t]

    def total(t: Thresholds, leave: str | None = None) -> int:
        sc = run(t)
        return sum(n for i, n in sc.correct.items() if i != leave) if sc.precise else -1

    current = start
    for _ in range(sweeps):
        moved = False
        for name, values in grid.items():
            best = current
            for value in values:
                candidate = replace(current, **{name: value})
                if total(candidate) > total(best):
                    best = candidate
            moved = moved or best != current
            current = best
        if not moved:
            break
    final = run(current)
    labelled = sum(final.labelled.values())
    right = 0
    for incident in sorted(final.labelled):
        chosen = max(seen, key=lambda t: total(t, incident))  # ties: the first evaluated
        right += seen[chosen].correct.get(incident, 0)
    return current, sum(final.correct.values()) / max(1, labelled), right / max(1, labelled)


def scored(result: CorpusResult, own: Sequence[Any]) -> Scored:
    """The `Scored` of a corpus run (its development incidents) and an own-case evaluation."""
    correct: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    real_wrong = 0
    for incident, _prefix, item, hit in result.outcomes.get("dev", []):
        got = hit.verdict if hit else MISSING
        labelled[incident] += 1
        correct[incident] += got == item.verdict
        real_wrong += got == "contradicted" and item.verdict != "contradicted"
    given = right = 0
    for r in own:
        for o in r.outcomes:
            name = f"own:{r.case.name}"
            labelled[name] += 1
            correct[name] += o.got == o.item.verdict
            if o.got == "contradicted":
                given += 1
                right += o.item.verdict == "contradicted"
    precise = real_wrong == 0 and (not given or right / given >= MIN_CONTRA_PRECISION)
    return Scored(dict(correct), dict(labelled), precise)


def write_thresholds(
    value: Thresholds, accuracy: float, cv: float, path: Path = crosscheck.THRESHOLDS_FILE
) -> None:
    """Write the fitted thresholds with their scores."""
    write_fitted(
        path,
        "thresholds",
        value,
        f"""
The cross-check's thresholds (claims/crosscheck.py, Thresholds): how much of a claim an
official sentence must hold to speak of the same fact, and how a contradiction weighs
against a support. Fitted by `python -m claims.corpus --fit-thresholds` on the real
development incidents and the own labelled cases together (coordinate ascent over a grid,
no wrong "Contredit" on real press, precision >= {MIN_CONTRA_PRECISION} on the own cases).
Do not tune by hand.
Accuracy {accuracy:.3f} of labelled claims, leave-one-incident-out {cv:.3f}.""",
    )


def background_table(
    files: Sequence[CorpusFile],
    incidents: set[str],
    *,
    min_share: float = 0.02,
    min_incidents: int = 3,
) -> dict[str, float]:
    """Share of documents holding each term, over the files of some incidents, for the terms
    common to the sector: held by at least `min_share` of the documents, in at least
    `min_incidents` incidents (names and places of one incident are left out)."""
    chosen = [f for f in files if f.incident in incidents]
    df: Counter[str] = Counter()
    where: dict[str, set[str]] = defaultdict(set)
    for f in chosen:
        for term in grouping.terms(grouping.Item(f.url, f.title, f.text, None, f.url)):
            df[term] += 1
            where[term].add(f.incident)
    n = len(chosen)
    return {
        t: round(k / n, 4)
        for t, k in sorted(df.items())
        if k / n >= min_share and len(where[t]) >= min_incidents
    }


def write_background(table: dict[str, float], path: Path) -> None:
    """Write the background table (`claims.grouping.Background`)."""
    lines = [
        "# Background document frequencies of the grouping (claims/grouping.py):",
        "# share of documents holding each common term, from the development incidents",
        "# of the real corpus. Regenerate with `python -m claims.corpus --fit`.",
        "prior_docs = 100",
        "floor = 0.005",
        "",
        "[share]",
    ]
    lines += [f'"{t}" = {v}' for t, v in sorted(table.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
