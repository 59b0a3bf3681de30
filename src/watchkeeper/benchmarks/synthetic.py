"""A synthetic sanctions list of any size, for measuring how screening scales.

Real lists stop at about 36,000 entities; a screening service that also loads PEP and adverse
media lists holds millions. The synthetic list grows the real one with entities that look like
listed parties: copies of real entities under damaged names (typos, reordering, romanisation
variants, as the same party appears across lists) and generated people and companies from
thirty locales, written in their own script with a Latin romanisation as an alias, as lists give
them. Near-duplicates of real names are kept on purpose: they are what makes candidate lists
grow, and so what a scale test must include.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

import msgspec
from anyascii import anyascii
from faker import Faker

from watchkeeper.benchmarks.screening import perturb, typo
from watchkeeper.model import Entity, EntityKind, Name, NameType
from watchkeeper.names.script import detect_script

LOCALES = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "pl_PL", "tr_TR", "ru_RU",
    "uk_UA", "bg_BG", "el_GR", "ar_AA", "ar_SA", "fa_IR", "he_IL", "hi_IN", "bn_BD", "th_TH",
    "zh_CN", "zh_TW", "ja_JP", "ko_KR", "vi_VN", "id_ID", "ka_GE", "hy_AM", "az_AZ", "ta_IN",
)  # fmt: skip
# Share of synthetic entities that are damaged copies of real ones; the rest are generated.
COPY_SHARE = 0.3
ORGANIZATION_SHARE = 0.25
SEED = 20_261_125
LIST_ID = "synthetic"
PROGRAM = ("SYNTHETIC",)


def _name(full: str, kind: NameType) -> Name:
    return Name(full=full, type=kind, script=detect_script(full))


def _damaged_copy(entity: Entity, number: int, rng: random.Random) -> Entity:
    """The entity again under damaged spellings of its Latin names (others kept as listed)."""
    names = tuple(
        _name(perturb(n.full, number + i, rng), n.type) if n.script == "Latn" else n
        for i, n in enumerate(entity.names)
    )
    return msgspec.structs.replace(
        entity,
        id=f"{LIST_ID}-{number}",
        list_id=LIST_ID,
        source_ref=str(number),
        names=names,
        programs=PROGRAM,
        raw="",
    )


def _generated(fake: Faker, number: int, rng: random.Random) -> Entity:
    """A person or company of a random locale: its own-script name, the romanisation, and up
    to two misspelt romanisations (as different lists spell the same party)."""
    locale = fake[rng.choice(LOCALES)]
    organization = rng.random() < ORGANIZATION_SHARE
    primary = locale.company() if organization else locale.name()
    names = [_name(primary, NameType.PRIMARY)]
    latin = " ".join(anyascii(primary).split())
    if latin and latin != primary:
        names.append(_name(latin, NameType.AKA))
    for _ in range(rng.randrange(3)):
        names.append(_name(typo(latin or primary, rng), NameType.AKA))
    unique = tuple({n.full: n for n in names}.values())
    return Entity(
        id=f"{LIST_ID}-{number}",
        list_id=LIST_ID,
        source_ref=str(number),
        kind=EntityKind.ORGANIZATION if organization else EntityKind.PERSON,
        names=unique,
        programs=PROGRAM,
    )


def synthetic_entities(real: Sequence[Entity], count: int, seed: int = SEED) -> Iterator[Entity]:
    """``count`` synthetic entities, the same ones for the same ``real`` list and seed."""
    rng = random.Random(seed)
    fake = Faker(list(LOCALES))
    fake.seed_instance(seed)
    for number in range(count):
        if real and rng.random() < COPY_SHARE:
            yield _damaged_copy(rng.choice(real), number, rng)
        else:
            yield _generated(fake, number, rng)


def scaled_list(real: Sequence[Entity], total: int, seed: int = SEED) -> list[Entity]:
    """The real entities first, then synthetic ones up to ``total`` entities."""
    extra = max(0, total - len(real))
    return [*real[:total], *synthetic_entities(real, extra, seed)]
