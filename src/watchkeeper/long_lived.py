"""Garbage-collector settings for a process that keeps one screener for its whole life.

The index is close to a million objects that never die, and the screener's caches add more
(listed names made ready to compare, query parts' postings) as a batch or a server runs. A
full collection walks every one of them: about a second per collection on the loaded index,
and some 15% of a batch's time for what the caches add. Screening creates no reference
cycles that outlive a query, so young garbage is still collected as usual; only the full
collections are made rare.
"""

from __future__ import annotations

import gc

# Full collections only after this many collections of the middle generation (Python's
# default is 10), and, as always, only once the long-lived objects have grown by a quarter.
RARE_FULL_COLLECTIONS = 1_000


def freeze_loaded_index() -> None:
    """Keep everything loaded so far (the screener's index above all) out of the garbage
    collector's scans, and make full collections rare for what is loaded afterwards.

    Objects frozen are still freed once unreferenced. Frozen pages are also left untouched
    by the collector in forked workers, which keeps them shared.
    """
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, RARE_FULL_COLLECTIONS)
