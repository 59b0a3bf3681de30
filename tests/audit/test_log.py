"""The audit log is append-only and tamper-evident: every kind of tampering is found by verify,
which names the first bad record; concurrent writers keep one unbroken chain."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchkeeper.audit.canonical import CanonicalError, canonical_json
from watchkeeper.audit.log import AuditError, AuditLog
from watchkeeper.audit.records import Decision, ListRef
from watchkeeper.screening import Query


def filled(path: Path, count: int = 6) -> AuditLog:
    log = AuditLog.open(path)
    for n in range(count):
        log.record("screening", f"analyst-{n % 2}", {"query": {"name": f"Name {n}"}, "n": n})
    return log


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    return filled(tmp_path / "audit.db")


def raw(log: AuditLog) -> sqlite3.Connection:
    """A separate plain connection, as someone editing the file would use."""
    return sqlite3.connect(log.path, isolation_level=None)


def test_an_untouched_log_verifies(log: AuditLog) -> None:
    result = log.verify()
    assert result.ok and result.records == 6 and result.first_bad is None
    records = list(log.records())
    assert [r.seq for r in records] == [1, 2, 3, 4, 5, 6]
    assert records[3].payload == {"query": {"name": "Name 3"}, "n": 3}
    assert records[3].prev_hash == records[2].hash
    assert result.head_hash == records[-1].hash


def test_a_record_edited_with_sql_is_named(log: AuditLog) -> None:
    body = log.db.execute("SELECT body FROM audit_log WHERE seq = 3").fetchone()[0]
    edited = bytes(body).replace(b"Name 2", b"Name X")
    raw(log).execute("UPDATE audit_log SET body = ? WHERE seq = 3", (edited,))
    result = log.verify()
    assert not result.ok and result.first_bad == 3
    assert "record 3 was altered" in (result.problem or "")


def test_an_edit_that_leaves_text_in_place_of_bytes_is_named(log: AuditLog) -> None:
    raw(log).execute("UPDATE audit_log SET body = replace(body, 'Name 4', 'Name Z') WHERE seq = 5")
    result = log.verify()
    assert not result.ok and result.first_bad == 5 and "altered" in (result.problem or "")


def test_reading_a_mangled_record_is_a_clear_error(log: AuditLog) -> None:
    raw(log).execute("UPDATE audit_log SET body = '[1, 2]' WHERE seq = 2")
    with pytest.raises(AuditError, match="record 2 cannot be read"):
        list(log.records())
    assert log.verify().first_bad == 2


def test_an_edited_column_is_named(log: AuditLog) -> None:
    raw(log).execute("UPDATE audit_log SET who = 'mallory' WHERE seq = 4")
    result = log.verify()
    assert not result.ok and result.first_bad == 4 and "who" in (result.problem or "")


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(log: AuditLog) -> None:
    body = bytes(log.db.execute("SELECT body FROM audit_log WHERE seq = 2").fetchone()[0])
    data = msgspec.json.decode(body)
    data["who"] = "mallory"
    forged = canonical_json(data)
    import hashlib

    raw(log).execute(
        "UPDATE audit_log SET body = ?, who = 'mallory', hash = ? WHERE seq = 2",
        (forged, hashlib.sha256(forged).hexdigest()),
    )
    result = log.verify()
    assert not result.ok and result.first_bad == 3
    assert "does not follow record 2" in (result.problem or "")


def test_a_deleted_middle_record_is_named(log: AuditLog) -> None:
    raw(log).execute("DELETE FROM audit_log WHERE seq = 4")
    result = log.verify()
    assert not result.ok and result.first_bad == 4 and "missing" in (result.problem or "")


def test_deleted_last_records_are_caught_by_the_anchor(log: AuditLog) -> None:
    raw(log).execute("DELETE FROM audit_log WHERE seq >= 5")
    result = log.verify()
    assert not result.ok and result.first_bad == 5
    assert "records 5 to 6 were deleted" in (result.problem or "")


def test_a_cut_with_a_rewritten_anchor_is_caught_by_a_noted_head(log: AuditLog) -> None:
    noted = log.verify().head_hash
    db = raw(log)
    db.execute("DELETE FROM audit_log WHERE seq = 6")
    fifth = db.execute("SELECT hash FROM audit_log WHERE seq = 5").fetchone()[0]
    db.execute("UPDATE audit_head SET seq = 5, hash = ?", (fifth,))
    assert log.verify().ok  # the documented limit: the file alone cannot tell
    result = log.verify(expect_head=noted)
    assert not result.ok and noted in (result.problem or "")


def test_reordered_records_are_named(log: AuditLog) -> None:
    db = raw(log)
    db.execute("UPDATE audit_log SET seq = -2 WHERE seq = 2")
    db.execute("UPDATE audit_log SET seq = 2 WHERE seq = 3")
    db.execute("UPDATE audit_log SET seq = 3 WHERE seq = -2")
    result = log.verify()
    assert not result.ok and result.first_bad == 2


def test_an_inserted_record_is_found(log: AuditLog) -> None:
    db = raw(log)
    db.execute("UPDATE audit_log SET seq = -seq WHERE seq >= 3")
    db.execute("UPDATE audit_log SET seq = -seq + 1 WHERE seq < 0")
    row = db.execute("SELECT recorded_at, kind, who, body, hash FROM audit_log WHERE seq = 4")
    db.execute(
        "INSERT INTO audit_log (seq, recorded_at, kind, who, body, hash) VALUES (3, ?, ?, ?, ?, ?)",
        row.fetchone(),
    )
    result = log.verify()
    assert not result.ok and result.first_bad in (3, 4)


def test_a_record_appended_by_hand_is_named(log: AuditLog) -> None:
    import hashlib

    last = list(log.records())[-1]
    body = canonical_json(
        {
            "seq": 7,
            "recorded_at": last.recorded_at,
            "kind": "screening",
            "who": "mallory",
            "payload": {},
            "prev_hash": last.hash,
        }
    )
    raw(log).execute(
        "INSERT INTO audit_log VALUES (7, ?, 'screening', 'mallory', ?, ?)",
        (last.recorded_at, body, hashlib.sha256(body).hexdigest()),
    )
    result = log.verify()
    assert not result.ok and result.first_bad == 7 and "anchor" in (result.problem or "")


def test_a_log_written_by_concurrent_processes_is_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    AuditLog.open(path).close()
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from watchkeeper.audit.log import AuditLog
        log = AuditLog.open(Path({str(path)!r}))
        writer = sys.argv[1]
        for n in range(10):
            log.record("screening", writer, {{"n": n}})
        log.record_many((("screening", writer, {{"bulk": n}}) for n in range(40)), chunk=7)
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writers = [subprocess.Popen([sys.executable, "-c", script, f"w{n}"], env=env) for n in range(4)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    with AuditLog.open(path) as log:
        result = log.verify()
        assert result.ok and result.records == 4 * 50
        assert {r.who for r in log.records()} == {"w0", "w1", "w2", "w3"}


def test_one_log_shared_by_threads_stays_one_chain(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with AuditLog.open(tmp_path / "audit.db") as log:

        def write(worker: int) -> None:
            for n in range(25):
                log.record("screening", f"t{worker}", {"n": n})

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(write, range(4)))
        result = log.verify()
    assert result.ok and result.records == 100


def test_a_screening_is_recorded_with_its_lists_results_and_decision(tmp_path: Path) -> None:
    with AuditLog.open(tmp_path / "audit.db") as log:
        record = log.record_screening(
            "api-key:crm", Query("Nobody Special"), {"un-sc": ListRef(3, "ab" * 32)}, []
        )
    assert record.who == "api-key:crm" and record.kind == "screening"
    assert record.payload["decision"] == Decision.NO_MATCH
    assert record.payload["lists"] == {"un-sc": {"version": 3, "content_hash": "ab" * 32}}
    assert record.payload["query"] == {"name": "Nobody Special"}


@pytest.mark.parametrize("who", ["", "   ", "x" * 201, "tab\there"])
def test_a_record_needs_a_readable_author(tmp_path: Path, who: str) -> None:
    with AuditLog.open(tmp_path / "audit.db") as log, pytest.raises(AuditError):
        log.record("screening", who, {})
    with AuditLog.open(tmp_path / "audit.db") as log:
        assert log.verify().records == 0


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON)
def test_canonical_json_round_trips_and_is_stable(value: object) -> None:
    encoded = canonical_json(value)
    decoded = msgspec.json.decode(encoded)
    assert decoded == value
    assert canonical_json(decoded) == encoded


@given(st.dictionaries(st.text(), JSON, min_size=2, max_size=6))
def test_canonical_json_ignores_key_order(value: dict[str, object]) -> None:
    reordered = dict(reversed(list(value.items())))
    assert canonical_json(reordered) == canonical_json(value)


def test_values_without_a_json_form_are_refused() -> None:
    with pytest.raises(CanonicalError):
        canonical_json({"score": float("nan")})


@pytest.fixture(scope="module")
def small_log(tmp_path_factory: pytest.TempPathFactory) -> AuditLog:
    return filled(tmp_path_factory.mktemp("log") / "audit.db", 4)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(1, 4), st.integers(0, 10_000), st.integers(1, 255))
def test_any_single_byte_edit_is_detected(
    small_log: AuditLog, seq: int, position: int, delta: int
) -> None:
    db = raw(small_log)
    original = bytes(db.execute("SELECT body FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0])
    edited = bytearray(original)
    index = position % len(edited)
    edited[index] = (edited[index] + delta) % 256
    db.execute("UPDATE audit_log SET body = ? WHERE seq = ?", (bytes(edited), seq))
    try:
        result = small_log.verify()
        assert not result.ok and result.first_bad == seq
    finally:
        db.execute("UPDATE audit_log SET body = ? WHERE seq = ?", (original, seq))
    assert small_log.verify().ok
