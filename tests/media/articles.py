"""Hand-written articles shared by the risk tests (no real data needed)."""

from __future__ import annotations

from watchkeeper.media.risk_dataset import Example

TERROR_ARTICLE = (
    "Police in Madrid arrested Karim Haddad on Tuesday on suspicion of financing a terrorist "
    "cell linked to the Islamic State. Prosecutors said Haddad transferred money through a "
    "network of money changers to fighters in Syria. Investigators said the cell had planned "
    "a bombing in the city centre. Haddad faces charges of membership of a terrorist "
    "organisation."
)
SPORTS_ARTICLE = (
    "Karim Haddad scored twice as Real Madrid beat Sevilla 3-1 on Sunday. The striker, who "
    "joined the club last summer, now has twelve goals this season. Haddad said after the "
    "match that the team was growing in confidence and thanked the supporters."
)
FRAUD_ARTICLE = (
    "The former finance minister Elena Petrova was charged on Monday with accepting bribes "
    "from construction companies. Prosecutors say Petrova embezzled public funds and "
    "laundered the money through offshore accounts. Her lawyer said she denies wrongdoing. "
    "The city council meets again next week to discuss the budget."
)

TRAINING = [
    Example("Karim Haddad", TERROR_ARTICLE, 1),
    Example("Elena Petrova", FRAUD_ARTICLE, 1),
    Example(
        "Viktor Brand",
        "Viktor Brand was sanctioned by the Treasury for smuggling weapons to the militia. "
        "Officials said Brand sold rifles and missiles to the cartel. Protesters rioted "
        "outside the court where Brand was tried for murder.",
        1,
    ),
    Example(
        "Omar Said",
        "Omar Said was killed in a violent attack by a drug gang. The gang had threatened "
        "Said for months. Police blamed the cartel for the murder of Omar Said.",
        1,
    ),
    Example(
        "Nadia Gold",
        "Nadia Gold was designated under sanctions for arms trafficking. Gold led a protest "
        "movement before the riot. Gold denied fraud and corruption charges.",
        1,
    ),
    Example("Karim Haddad", SPORTS_ARTICLE, 0),
    Example(
        "Lina Berg",
        "Lina Berg opened a new library in the town on Friday. Berg said reading builds "
        "communities. The mayor thanked Lina Berg for her donation to the schools.",
        0,
    ),
    Example(
        "Tom Weller",
        "Tom Weller was appointed chief executive of the bakery chain. Weller said profits "
        "rose this year. The company thanked Tom Weller for his work at the bakery.",
        0,
    ),
    Example(
        "Sara Nilsen",
        "Sara Nilsen won the marathon in record time. Nilsen trained in the mountains all "
        "winter. Fans cheered Sara Nilsen at the finish line of the race.",
        0,
    ),
    Example(
        "Paul Ode",
        "Paul Ode released a new album of folk songs. Ode recorded the album at home. Critics "
        "praised Paul Ode for the warm songs about his village and the festival.",
        0,
    ),
]
