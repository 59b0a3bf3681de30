"""The audit trail of a batch run: one record per input row, committed a chunk at a time.

``BatchAuditor`` is handed to ``BatchJob.run(review=...)``. It sees each chunk of results in
input order, in the main process (also with several workers), applies the allow-list to rows
that carry a customer id, records every row (screened, cleared, or failed) and commits the
chunk before it is written to the results file.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from watchkeeper.audit.log import AuditLog
from watchkeeper.audit.records import Decision, screening_entry
from watchkeeper.audit.session import ScreeningContext
from watchkeeper.batch import BatchResult, ColumnMap, parse_kind
from watchkeeper.model import EntityKind
from watchkeeper.screening import Query, ScreeningError


def _cell(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    return text or None


def _kind(value: object) -> EntityKind | None:
    try:
        return parse_kind(_cell(value))
    except ScreeningError:
        return None


@dataclass
class BatchAuditor:
    """Reviews and records each chunk of a batch; counts what the allow-list did."""

    log: AuditLog
    who: str
    context: ScreeningContext
    columns: ColumnMap
    threshold: float
    source_file: str
    id_column: str | None = None
    records: int = 0
    cleared: int = 0
    lapsed: int = 0
    decisions: dict[str, int] = field(default_factory=dict)

    def _query(self, result: BatchResult) -> Query:
        get = result.input.get
        columns = self.columns
        return Query(
            name=_cell(get(columns.name)) or "",
            birth_date=_cell(get(columns.birth_date)) if columns.birth_date else None,
            country=_cell(get(columns.country)) if columns.country else None,
            kind=_kind(get(columns.kind)) if columns.kind else None,
        )

    def __call__(self, chunk: list[BatchResult]) -> list[BatchResult]:
        out: list[BatchResult] = []
        items = []
        for result in chunk:
            customer_id = _cell(result.input.get(self.id_column)) if self.id_column else None
            reviewed = self.context.clearances.review(result.matches, customer_id)
            entry = screening_entry(
                self._query(result),
                self.context.lists,
                result.matches,
                customer_id=customer_id,
                clearances=reviewed.clearances,
                threshold=self.threshold,
                source="batch",
                error=result.error if not result.screened else None,
                context={"file": self.source_file, "row": result.row},
            )
            items.append(("screening", self.who, entry))
            self.decisions[entry.decision] = self.decisions.get(entry.decision, 0) + 1
            if reviewed.clearances:
                marked = reviewed.marked()
                self.cleared += entry.decision is Decision.CLEARED
                self.lapsed += any(c.lapsed for c in reviewed.clearances.values())
                count = sum(1 for m in marked if m.match) if result.screened else None
                result = BatchResult(result.row, result.input, tuple(marked), count, result.error)
            out.append(result)
        self.log.record_many(items, chunk=max(len(items), 1))
        self.records += len(items)
        return out
