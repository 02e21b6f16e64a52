"""Filler words: what a long message can lose before it is embedded.

The embedder reads at most `EMBEDDING_WORDS` words of a message (classifier.py). A citizen's
story of 40 words would lose its middle, where the question often is ("... fra hvilken dag må
man skyde det af? vores hund hader knaldet"); without its filler words it mostly fits. Words
that turn a meaning around or say what is asked stay: "ikke", "aldrig", "ingen", "mere",
"må", "hvornår", "hvad", "not", "when". The list is rough: it also drops particles that give
a direction ("ud", "ind", "op") and words that are filler in one language and mean something
in the other ("to", "have"), and it is matched after ae/oe/aa are read as æøå, so English
"does" stays. A list that kept those and was matched in the same spelling moved many answers
and gained nothing (bench/README (bz)); the models are trained with this one.
"""

from __future__ import annotations

FILLER = frozenset("""
    ad af al alle alt andet andre anden at bag begge bare blandt bliver blev blive blevet både
    da de dem den denne dens der deres derfor derfra derhen deri dermed derpå dersom det dette
    dig din dine disse dit du efter eftersom egen eget egne eller ellers en end endnu ens enten
    er et ethvert eventuelt for foran fordi forbi fra frem fik gennem gerne gjorde gjort gør
    gøre ham han hende hendes her herfra hermed hos hun hvis i igen ind inde indtil ja jeg jer
    jeres jo kan kunne kun lidt lige man med meget mellem men mens mig min mine mit mod måske
    ned nede noget nogen nogle nok nu når og også om omkring op oppe os over på sig sin sine
    sit skal skulle slet som stadig så sådan til ud ude ved var vi vil ville vor vore vores
    være været altså egentlig har havde
    a about after again also am an and any are as at be because been before but by can could
    did do does for from get got had has have he her here him his i i'm if in into is it its
    just me my of on or our out she so some than that the their them then there these they
    this to too up us was we were will with would you your
""".split())
