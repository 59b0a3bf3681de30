"""The audit trail: a tamper-evident record of every screening and analyst decision.

``AuditLog`` appends and verifies records; ``screening_entry`` builds a screening's record;
``export`` writes a CSV or JSON file for an examiner. ``watchkeeper.audit.session`` has
``AuditedScreener``, which screens with the allow-list applied and the record written (it is
not imported here, since the allow-list itself records into this package's log).
"""

from watchkeeper.audit.database import audit_path
from watchkeeper.audit.export import export
from watchkeeper.audit.identity import current_user
from watchkeeper.audit.log import AuditError, AuditLog, AuditRecord, Verification
from watchkeeper.audit.records import (
    Clearance,
    Decision,
    Hit,
    HitStatus,
    ListRef,
    ScreeningEntry,
    list_refs,
    screening_entry,
)

__all__ = [
    "AuditError",
    "AuditLog",
    "AuditRecord",
    "Clearance",
    "Decision",
    "Hit",
    "HitStatus",
    "ListRef",
    "ScreeningEntry",
    "Verification",
    "audit_path",
    "current_user",
    "export",
    "list_refs",
    "screening_entry",
]
