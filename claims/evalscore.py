"""Scores of the eval (`claims.eval`): accuracy, per-verdict precision and recall, confusion
matrix, flag recall, and their printed forms."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.verdicts import VERDICTS

if TYPE_CHECKING:
    from claims.eval import CaseResult, Outcome

MISSING = "missing"  # the verdict of a labelled item whose claim was not detected


@dataclass(frozen=True)
class Report:
    """Aggregate scores over outcomes."""

    total: int
    correct: int
    precision: dict[str, float | None]
    recall: dict[str, float | None]
    confusion: dict[str, Counter[str]]
    flags_expected: Counter[str]
    flags_found: Counter[str]

    @property
    def accuracy(self) -> float:
        """Share of labelled items with the expected verdict (missing ones are wrong)."""
        return self.correct / self.total if self.total else 0.0


def score(outcomes: Iterable[Outcome]) -> Report:
    """Accuracy, per-verdict precision and recall, confusion matrix, flag recall."""
    outcomes = list(outcomes)
    confusion: dict[str, Counter[str]] = {v: Counter() for v in VERDICTS}
    flags_expected: Counter[str] = Counter()
    flags_found: Counter[str] = Counter()
    for o in outcomes:
        confusion.setdefault(o.item.verdict, Counter())[o.got] += 1
        for flag in o.item.flags:
            flags_expected[flag] += 1
            flags_found[flag] += flag in o.flags
    precision: dict[str, float | None] = {}
    recall: dict[str, float | None] = {}
    for v in VERDICTS:
        predicted = sum(row[v] for row in confusion.values())
        expected = sum(confusion[v].values())
        precision[v] = confusion[v][v] / predicted if predicted else None
        recall[v] = confusion[v][v] / expected if expected else None
    correct = sum(o.correct for o in outcomes)
    return Report(len(outcomes), correct, precision, recall, confusion, flags_expected, flags_found)


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


SHORT = {
    "supported": "supp",
    "contradicted": "contr",
    "unsupported": "unsup",
    "no_official_source": "no_off",
    MISSING: "missing",
    "none": "none",
}


def _tables(report: Report, gap: list[str]) -> list[str]:
    """Per-verdict precision and recall, then the confusion matrix (`gap` between them)."""
    columns = [
        c
        for c in (*VERDICTS, MISSING, "none")
        if c in VERDICTS or any(row[c] for row in report.confusion.values())
    ]
    lines = [f"{'verdict':<20}{'n':>5}{'precision':>11}{'recall':>9}"]
    for v in VERDICTS:
        n = sum(report.confusion[v].values())
        lines.append(f"{v:<20}{n:>5}{_pct(report.precision[v]):>11}{_pct(report.recall[v]):>9}")
    lines += [
        *gap,
        "confusion (rows: expected, columns: got)",
        f"{'':<20}" + "".join(f"{SHORT[c]:>9}" for c in columns),
    ]
    for v in VERDICTS:
        lines.append(f"{v:<20}" + "".join(f"{report.confusion[v][c]:>9}" for c in columns))
    return lines


def format_confusion(report: Report) -> str:
    """Accuracy, per-verdict precision and recall, and the confusion matrix."""
    accuracy = f"accuracy: {report.accuracy:.4f} ({report.correct}/{report.total})"
    return "\n".join([accuracy, *_tables(report, [])])


def format_report(report: Report, results: Sequence[CaseResult]) -> str:
    """The printed summary."""
    lines = [
        f"cases: {len(results)}  labelled claims: {report.total}  "
        f"detected claims: {sum(r.detected for r in results)}  "
        f"detected but unlabelled: {sum(r.unlabelled for r in results)}",
        f"accuracy: {report.accuracy:.4f} ({report.correct}/{report.total})",
        "",
        *_tables(report, [""]),
    ]
    if report.flags_expected:
        lines += [
            "",
            "flags (labelled items expecting them): "
            + ", ".join(
                f"{f} {report.flags_found[f]}/{n}" for f, n in sorted(report.flags_expected.items())
            ),
        ]
    per_case = [
        f"  {r.case.name}: {sum(o.correct for o in r.outcomes)}/{len(r.outcomes)}"
        + (f"  (automatic grouping: {r.auto_incidents} incidents)" if r.auto_incidents > 1 else "")
        for r in results
    ]
    split = sum(r.auto_incidents > 1 for r in results)
    lines += [
        "",
        f"cases the automatic grouping splits into several incidents: {split}",
        "",
        "per case:",
        *per_case,
    ]
    return "\n".join(lines)


def format_errors(results: Sequence[CaseResult]) -> str:
    """Every wrong item and every ingest problem, for --verbose."""
    lines = []
    for r in results:
        for problem in r.problems:
            lines.append(f"[{r.case.name}] PROBLEM {problem}")
        for o in r.outcomes:
            missing = [f for f in o.item.flags if f not in o.flags]
            if o.correct and not missing:
                continue
            label = "ERROR" if not o.correct else "FLAG"
            lines.append(
                f"[{r.case.name}] {label} {o.url}\n"
                f"    sentence: {o.item.sentence}"
                + (f"\n    clause:   {o.item.clause}" if o.item.clause else "")
                + f"\n    expected: {o.item.verdict} {list(o.item.flags) or ''}"
                f"\n    got:      {o.got} {list(o.flags) or ''}"
                f"\n    reason:   {o.reason}\n    why:      {o.item.why}"
            )
    return "\n".join(lines)
