"""Texts the e5 engine tests embed: short and long, Danish and mixed, odd characters, empty."""

TEXTS = [
    "hvad koster et nyt pas",
    "hej jeg skal have nyt pas hvad koster det og hvor lang tid tager det",
    "forny pas",
    "min far er faldet og kan ikke rejse sig",
    "Hvornår kommer skraldebilen? Jeg bor på Åboulevarden 12, 8000 Aarhus C",
    "what does a new driving licence cost, jeg er 70 år",
    "  to  mellemrum\tog en tab\nog linjeskift  ",
    "ÆØÅ æøå — “citat” ½ ﬁ 😀 №5",
    "hvad koster det",
    "",
]
