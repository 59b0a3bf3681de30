"""Does re-screening against the changed entities alone score like a full screening?

``python bench/rescreen_agreement.py [--changed N] [--seed S]``: ``rescreen`` screens known
customers against an index of only the entities that changed, whose name-part rarity weights
come from those few entities. This takes N random entities of the reference lists as "changed",
screens their names (as listed, with words shuffled, and with the last letter dropped) against
that small index and against the full index, and compares the scores and match decisions of the
same (query, entity) pairs. Prints the numbers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from watchkeeper.reference import reference_lists, require_shared_data
from watchkeeper.screening import Query, Screener


def variants(name: str, rng: random.Random) -> list[str]:
    words = name.split()
    rng.shuffle(words)
    return [name, " ".join(words), name[:-1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--changed", type=int, default=25)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    entities = [e for p in reference_lists(require_shared_data(args.data)) for e in p.entities]
    started = time.perf_counter()
    full = Screener.from_entities(entities)
    print(f"full index of {len(entities)} entities: {time.perf_counter() - started:.1f} s")
    rng = random.Random(args.seed)
    changed = rng.sample(entities, args.changed)
    started = time.perf_counter()
    delta = Screener.from_entities(changed)
    print(f"index of {len(changed)} changed entities: {time.perf_counter() - started:.3f} s")
    ids = {e.id for e in changed}
    differences: list[float] = []
    both = only_full = only_delta = 0
    for entity in changed:
        for name in entity.names[:3]:
            for text in variants(name.full, rng):
                on_full = {m.entity_id: m for m in full.screen(Query(text), limit=60)}
                on_delta = {m.entity_id: m for m in delta.screen(Query(text), limit=60)}
                for entity_id in (set(on_full) & ids) | set(on_delta):
                    f, d = on_full.get(entity_id), on_delta.get(entity_id)
                    if f and d:
                        differences.append(d.score - f.score)
                    f_match, d_match = bool(f and f.match), bool(d and d.match)
                    both += f_match and d_match
                    only_full += f_match and not d_match
                    only_delta += d_match and not f_match
    print(
        f"pairs scored by both: {len(differences)}; score difference (changed-only minus full): "
        f"mean {statistics.mean(differences):+.4f}, largest {max(differences, key=abs):+.4f}"
    )
    print(
        f"matches: {both} in both, {only_full} only in the full screening (missed by "
        f"re-screening), {only_delta} only against the changed entities"
    )


if __name__ == "__main__":
    main()
