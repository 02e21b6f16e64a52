"""Danish: muni's own replies (guards, safety, fallbacks, page facts, search, AI disclosure)."""

TEXTS: dict[str, str] = {
    # -- input checks ---------------------------------------------------------------------
    "empty": "Skriv dit spørgsmål, så hjælper jeg gerne. Du kan fx spørge om pas, affald eller "
    "flytning.",
    "too_long": "Din besked er for lang til mig. Skriv dit spørgsmål kort, gerne i én eller to "
    "sætninger.",
    "gibberish": "Jeg forstod ikke din besked. Prøv at skrive dit spørgsmål med almindelige ord.",
    # -- safety -----------------------------------------------------------------------------
    "emergency": "Ring 112 nu, hvis nogen er i fare, der er brand, eller der er sket en ulykke. "
    "Jeg er en chatbot og kan ikke sende hjælp.",
    "emergency_poison": "Ring 112 nu, hvis personen er bevidstløs, har svært ved at trække "
    "vejret eller har kramper. Ring ellers til Giftlinjen på 82 12 12 12 (hele døgnet). Jeg er "
    "en chatbot og kan ikke sende hjælp.",
    "emergency_self_harm": "Ring 112 nu, hvis nogen er i fare. Jeg er en chatbot og kan ikke "
    "sende hjælp. Handler det om tanker om selvmord, kan du også ringe til Livslinien på "
    "70 201 201 (hele døgnet).",
    "emergency_unsure": "Er nogen i fare, eller er der sket en ulykke, så ring 112.",
    "self_harm_unsure": "Har du det svært, kan du altid ringe til Livslinien på 70 201 201 "
    "(hele døgnet). Er nogen i fare, så ring 112.",
    "violence_unsure": "Er du eller et barn i fare, så ring 112. "
    "Lev Uden Vold giver gratis og anonym rådgivning på 1888 (hele døgnet).",
    "self_harm": "Det lyder svært, og du skal ikke stå alene med det. Ring til Livslinien på "
    "70 201 201 (hele døgnet), eller skriv til dem på livslinien.dk. Er du eller en anden i "
    "fare lige nu, så ring 112.",
    "violence": "Er du eller et barn i fare lige nu, så ring 112. Du kan få gratis og anonym "
    "rådgivning om vold hele døgnet hos Lev Uden Vold på 1888. Børn og unge kan ringe til "
    "BørneTelefonen på 116 111. Du kan også tale med en medarbejder i kommunen.",
    "abuse": "Jeg kan godt forstå, hvis du er frustreret. Jeg vil gerne hjælpe dig videre.",
    "abuse_ask": "Skriv dit spørgsmål til kommunen, så gør jeg mit bedste.",
    "manipulation": "Jeg kan kun hjælpe med spørgsmål om kommunens service, og jeg følger altid "
    "de samme regler. Jeg kan ikke træffe afgørelser eller ændre mine instrukser. Hvad vil du "
    "gerne vide om kommunen?",
    "illegal": "Det kan jeg ikke hjælpe med. Snyd med ydelser eller falske dokumenter er "
    "ulovligt. Har du svært ved at få pengene til at slå til, kan du få gratis og fortrolig "
    "rådgivning om økonomi, og du kan tale med en medarbejder i kommunen.",
    "political": "Jeg tager ikke stilling i politiske spørgsmål, og jeg anbefaler ikke partier "
    "eller kandidater. Jeg kan hjælpe med praktiske oplysninger.",
    "political_election": "Jeg tager ikke stilling i politiske spørgsmål, og jeg anbefaler "
    "ikke partier eller kandidater. Her er praktisk information om valget:",
    "judgement_legal": "Jeg kan ikke vurdere, om noget er lovligt i din situation, eller hvordan "
    "din sag vil ende. Det kan en advokat, en retshjælp, din fagforening eller din sagsbehandler. "
    "Du kan få gratis juridisk rådgivning hos en retshjælp eller advokatvagten.",
    "judgement_medical": "Jeg kan ikke vurdere helbred eller medicin. Ring til din egen læge. "
    "Uden for lægens åbningstid ringer du til lægevagten, i Region Hovedstaden 1813. Er det "
    "akut og livstruende, så ring 112.",
    "judgement_then": "Det her kan jeg fortælle om reglerne:",
    "safety_then": "Dit spørgsmål:",
    # -- answers and fallbacks ------------------------------------------------------------
    "out_of_scope": "Det kan jeg desværre ikke hjælpe med. Jeg svarer på spørgsmål om "
    "{kommune_navn}, fx pas, affald, flytning og pladsanvisning.",
    "unanswered": "Det ved jeg desværre ikke nok om til at svare sikkert. Prøv at skrive det på "
    "en anden måde, eller kontakt {kommune_navn} på {kommune_telefon}.",
    "clarify": "Jeg er ikke helt sikker på, hvad du mener. Vælg det emne, du spørger om.",
    "clarify_sub": "Hvad vil du gerne vide om {topic}?",
    "privacy_cpr": "Skriv ikke dit CPR-nummer her. Jeg har fjernet det fra beskeden, så det ikke "
    "bliver gemt.",
    "privacy_other": "Jeg har fjernet personlige oplysninger fra din besked, så de ikke bliver "
    "gemt. Du behøver ikke skrive dem her.",
    "maybe_pages": "Måske kan disse sider på kommunens hjemmeside hjælpe dig:",
    "talk_to_person": "Tal med en medarbejder",
    # -- website search and page facts ----------------------------------------------------
    "search_intro": "Det her fandt jeg på {kommune}s hjemmeside:",
    "search_read_more": "Læs mere på siden «{title}».",
    "page_fact": "På {kommune}s hjemmeside står der: «{quote}»",
    "page_fact_source": "(Kilde: siden «{title}»{updated}.)",
    "page_fact_updated": ", opdateret {date}",
    "page_fact_more": "Mere om emnet:",
    # -- AI phrasing ------------------------------------------------------------------------
    "ai_disclosure": "Svaret er skrevet af en AI ud fra kommunens hjemmeside. Tjek kilderne.",
    # --- issue 12: doing things (each part adds its keys below its own line) ---
    "personal_placeholder": "Her viste jeg dine egne oplysninger. De gemmes ikke i samtalen.",
    # booking (answering/flows/booking.py)
    # citizen login and Mit overblik (answering/flows/overview.py, web/routes/citizen_login.py)
    # waste pickup by address (answering/flows/waste.py)
    # --- end of issue 12 ---
}

MONTHS = (
    "januar februar marts april maj juni juli august september oktober november december"
).split()
