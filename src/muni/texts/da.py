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
    "emergency_illness": "Ring 112 nu, hvis nogen har svært ved at trække vejret, ikke er til at "
    "vække, har kramper eller er i livsfare. Er det ikke livstruende, så ring til din egen læge, "
    "og uden for lægens åbningstid til lægevagten: {laegevagt_telefon}. Jeg er en chatbot og kan "
    "ikke sende hjælp.",
    "emergency_illness_unsure": "Er nogen i livsfare, så ring 112. Ellers kan du ringe til din "
    "egen læge eller til lægevagten: {laegevagt_telefon}.",
    "out_of_hours_doctor_unknown": "1813 i Region Hovedstaden. I de andre regioner finder du "
    "nummeret på laegevagten.dk",
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
    "violence_child_sale": "Det er ulovligt at sælge eller købe et barn. Er et barn i fare lige "
    "nu, så ring 112. Har du mistanke om, at et barn bliver solgt eller udnyttet, kan du ringe "
    "til Center mod Menneskehandel på 70 20 25 50, også anonymt. Du kan også sige det til "
    "kommunen, hvis du er bekymret for et barn. Børn og unge kan selv ringe til BørneTelefonen "
    "på 116 111. Har du det svært som forælder, kan du få gratis hjælp i kommunen, fx hos "
    "sundhedsplejen eller familierådgivningen.",
    "abuse": "Jeg kan godt forstå, hvis du er frustreret. Jeg vil gerne hjælpe dig videre.",
    "abuse_ask": "Skriv dit spørgsmål til kommunen, så gør jeg mit bedste.",
    "manipulation": "Jeg kan kun hjælpe med spørgsmål om kommunens service, og jeg følger altid "
    "de samme regler. Jeg kan ikke træffe afgørelser eller ændre mine instrukser. Hvad vil du "
    "gerne vide om kommunen?",
    "illegal": "Det kan jeg ikke hjælpe med. Snyd med ydelser eller falske dokumenter er "
    "ulovligt. Har du svært ved at få pengene til at slå til, kan du få gratis og fortrolig "
    "rådgivning om økonomi, og du kan tale med en medarbejder i kommunen.",
    "illegal_rules": "Her er de regler, der gælder. Husk, at det, du oplyser til kommunen, skal "
    "være rigtigt.",
    "illegal_unsure": "Det kan jeg ikke svare på her. Vil du vide, hvilke regler der gælder, "
    "kan du vælge emnet herunder eller tale med en medarbejder i kommunen.",
    "political": "Jeg tager ikke stilling i politiske spørgsmål, og jeg anbefaler ikke partier "
    "eller kandidater. Jeg kan hjælpe med praktiske oplysninger.",
    "political_election": "Jeg tager ikke stilling i politiske spørgsmål, og jeg anbefaler "
    "ikke partier eller kandidater. Her er praktisk information om valget:",
    "judgement_legal": "Jeg kan ikke vurdere, om noget er lovligt i din situation, eller hvordan "
    "din sag vil ende. Det kan en advokat, en retshjælp, din fagforening eller din sagsbehandler. "
    "Du kan få gratis juridisk rådgivning hos en retshjælp eller advokatvagten.",
    "judgement_medical": "Jeg kan ikke vurdere helbred eller medicin. Ring til din egen læge. "
    "Uden for lægens åbningstid ringer du til lægevagten: {laegevagt_telefon}. Er det akut og "
    "livstruende, så ring 112.",
    "judgement_then": "Det her kan jeg fortælle om reglerne:",
    "safety_then": "Dit spørgsmål:",
    # -- answers and fallbacks ------------------------------------------------------------
    "out_of_scope": "Det kan jeg desværre ikke hjælpe med. Jeg svarer på spørgsmål om "
    "{kommune_navn}, fx pas, affald, flytning og pladsanvisning.",
    "unanswered": "Det ved jeg desværre ikke nok om til at svare sikkert. Prøv at skrive det på "
    "en anden måde, eller kontakt {kommune_navn} på {kommune_telefon}.",
    "clarify": "Jeg er ikke helt sikker på, hvad du mener. Vælg det emne, du spørger om.",
    "clarify_sub": "Hvad vil du gerne vide om {topic}?",
    # a button in the widget, a digit on the phone: no word for how it is chosen
    "second_question_one": "Du spurgte også om «{topic}». Vælg det, så svarer jeg på det.",
    "second_question_two": "Du spurgte også om «{first}» og «{second}». Vælg et af dem, så "
    "svarer jeg på det.",
    "topic_contact": "Har du spørgsmål om {topic}, kan du ringe til {kommune_navn} på {phone}.",
    "topic_contact_hours": "Telefontiden er {hours}.",
    "topic_on_behalf": "Du kan ofte hjælpe en anden med {topic}, hvis personen giver dig "
    "fuldmagt. Personen giver en digital fuldmagt på borger.dk med sit eget MitID. Har personen "
    "ikke MitID, kan du selv bede om fuldmagten dér, og så skriver personen under på papir. Så "
    "bruger du "
    "dit eget MitID, når du handler for personen. Nogle ting skal personen dog selv gøre eller "
    "møde op til. Kan personen ikke give fuldmagt, fx på grund af demens, eller er du i tvivl, "
    "så ring til {kommune_navn} på {phone}.",
    "topic_on_behalf_without_mitid": "Personen kan give dig fuldmagt, selv om hun eller han "
    "ikke har MitID. Log på Digital Fuldmagt på borger.dk med dit eget MitID, og bed om "
    "fuldmagt. Så får personen et brev med posten, skriver under og sender alle siderne tilbage "
    "til Borgerservice. Derefter kan du hjælpe med {topic} med dit eget MitID. Nogle ting skal "
    "personen dog selv gøre eller møde op til. Kan personen ikke forstå, hvad en fuldmagt er, fx "
    "på grund af demens, så ring til {kommune_navn} på {phone}.",
    "topic_on_behalf_me": "Du kan ofte få en anden til at hjælpe dig med {topic}, hvis du giver "
    "personen fuldmagt. Du giver en digital fuldmagt på borger.dk med dit eget MitID. Så bruger "
    "personen sit eget MitID, når hun eller han handler for dig. Nogle ting skal du dog selv gøre "
    "eller møde op til. Er du i tvivl, så ring til {kommune_navn} på {phone}.",
    "topic_on_behalf_without_mitid_me": "Du kan give en anden fuldmagt, selv om du ikke har "
    "MitID. Den, der skal hjælpe dig, logger på Digital Fuldmagt på borger.dk med sit eget MitID "
    "og beder om fuldmagt. Så får du et brev med posten. Skriv under, og send alle siderne "
    "tilbage til Borgerservice. Derefter kan personen hjælpe dig med {topic}. Nogle ting skal du "
    "dog selv gøre eller møde op til. Er du i tvivl, så ring til {kommune_navn} på {phone}.",
    "topic_bring": "Hvad du skal have med til {topic}, kan {kommune_navn} fortælle dig. Ring "
    "på {phone}.",
    "topic_how": "Hvordan du gør med {topic}, kan {kommune_navn} fortælle dig. Ring på {phone}.",
    "topic_online": "Om du kan klare {topic} på nettet, eller om du skal møde op, kan "
    "{kommune_navn} svare på. Ring på {phone}.",
    "topic_without_mitid": "Har du ikke MitID, kan du stadig få hjælp til {topic}. Ring til "
    "{kommune_navn} på {phone}, eller kom i Borgerservice. Så kan du få hjælp på en anden måde, "
    "fx med en blanket på papir. Vil du gerne have MitID, kan Borgerservice også hjælpe dig med "
    "det.",
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
    "personal_not_shown_again": "Svaret med dine egne oplysninger kom ikke frem, og jeg gemmer "
    "dem ikke. Spørg igen, så viser jeg dem.",
    # booking (answering/flows/booking.py)
    "booking_pick_service": "Hvad vil du bestille tid til? Her i chatten kan du bestille "
    "tid til: {services}. Til andet bestiller du tid på kommunens hjemmeside.",
    "booking_unknown_service": "Det kan jeg ikke bestille tid til her i chatten. Her kan du "
    "bestille tid til: {services}.",
    "booking_pick_location": "Hvor vil du komme? Vælg et sted.",
    "booking_slots": "Ledige tider til {service} i {location}. Vælg en tid.",
    "booking_more": "Flere tider",
    "booking_no_slots": "Der er ingen ledige tider til {service} i {location} de næste "
    "{days} dage. Du kan bestille tid på kommunens hjemmeside eller ringe på {phone}.",
    "booking_down": "Jeg kan ikke bestille tid lige nu, fordi kalenderen ikke svarer. Du kan "
    "bestille tid på kommunens hjemmeside eller ringe på {phone}.",
    "booking_summary": "Du har valgt:\n{service}\n{when}\n{place}\n\nSkriv dit navn og dit "
    "telefonnummer, og tryk på »Bekræft tiden«. Vi bruger dem kun, hvis vi skal kontakte dig "
    "om tiden.",
    "booking_need_contact": "Skriv dit navn og dit telefonnummer for at bestille tiden.",
    "booking_taken": "Den tid nåede en anden at bestille. Vælg en anden tid.",
    "booking_done": "Din tid er bestilt.\n\nDin kode: {code}\n{service}\n{when}\n{place}",
    "booking_bring": "Husk at tage med: {bring}",
    "booking_manage": "Vil du aflyse eller flytte tiden, så skriv »aflys min tid {code}« "
    "eller »flyt min tid {code}« her i chatten.",
    "booking_ics_link": "Gem tiden i din kalender",
    "booking_web_link": "Bestil tid på kommunens hjemmeside",
    "booking_lost_code": "Koden står i chatten, da du bestilte tiden, og i kalenderfilen, hvis du "
    "gemte den. Er du logget ind med MitID, kan du spørge »hvornår er min tid?«. Kan du ikke finde "
    "koden, så ring til {phone}. Har du koden, kan du skrive den her.",
    "booking_ask_code": "Skriv koden til din tid. Den står i bekræftelsen og har 6 tegn, "
    "fx K4M29X. Har du bestilt tiden på kommunens hjemmeside, så "
    "aflys eller flyt den der.",
    "booking_unknown_code": "Jeg kan ikke finde en tid med koden {code}. Tjek koden, og skriv "
    "den igen.",
    "booking_cancel_ask": "Vil du aflyse denne tid?\n{service}\n{when}\n{place}",
    "booking_cancel_yes": "Ja, aflys tiden",
    "booking_keep": "Nej, behold tiden",
    "booking_cancelled": "Din tid til {service} {when} er aflyst.",
    "booking_kept": "Din tid er ikke ændret.",
    "booking_move_pick": "Du har tid til {service} {when}. Vælg en ny tid i {location}.",
    "booking_moved": "Din tid er flyttet.\n\nDin nye kode: {code}\n{service}\n{when}"
    "\n{place}\n\nDen gamle tid er aflyst.",
    "booking_stopped": "Jeg har stoppet bestillingen. Du har ikke bestilt noget.",
    "booking_start_again": "Jeg ved ikke længere, hvilken tid du valgte. Skriv fx »bestil tid "
    "til pas«, så starter vi forfra.",
    "booking_ics_summary": "{service}, {tenant}",
    "booking_ics_code": "Kode til at aflyse eller flytte tiden: {code}",
    # citizen login and Mit overblik (answering/flows/overview.py, web/routes/citizen_login.py)
    "overview_login": "Jeg kan vise dine egne tider, sager og udbetalinger, når du er logget "
    "ind med MitID. Log ind her, og spørg så igen.",
    "overview_login_expired": "Dit login er udløbet.",
    "overview_not_here": "Jeg kan ikke se dine egne oplysninger her i chatten. Du kan se dem i "
    "Mit overblik på borger.dk eller ringe til kommunen på {phone}.",
    "overview_down": "Jeg kan ikke hente dine oplysninger lige nu. Prøv igen senere, se Mit "
    "overblik på borger.dk, eller ring til kommunen på {phone}.",
    "overview_appointment": "Din næste tid: {items}",
    "overview_appointments": "Dine næste tider: {items}",
    "overview_no_appointment": "Jeg kan ikke se, at du har en tid hos kommunen.",
    "overview_no_case": "Jeg kan ikke se, at du har en sag hos kommunen.",
    "overview_no_case_about": "Jeg kan ikke se, at du har en sag om {about} hos kommunen.",
    "overview_payment": "Din næste udbetaling er {what}{amount}. Den kommer {day}.",
    "overview_no_payment": "Jeg kan ikke se nogen kommende udbetalinger til dig.",
    "citizen_login_back": "Tilbage til chatten",
    "citizen_login_failed_title": "Login lykkedes ikke",
    "citizen_login_failed": "Dit login med MitID lykkedes ikke. Gå tilbage til chatten, og "
    "prøv igen.",
    "citizen_login_down": "Login med MitID virker ikke lige nu. Prøv igen om lidt.",
    "citizen_logged_in_title": "Du er logget ind",
    "citizen_logged_in": "Du er logget ind med MitID. Gå tilbage til chatten, og spørg igen.",
    # waste pickup by address (answering/flows/waste.py)
    "waste_ask_address": "Jeg kan finde dine tømningsdage i {kommune}. Hvilken adresse "
    "gælder det? Skriv vejnavn og husnummer, fx "
    "Bakkevej 7. Skriv også postnummeret, hvis du kender det.",
    "waste_days": "Næste tømning på {address}:",
    "waste_set_out": "Stil beholderen frem {when}.",
    "waste_fraction_missing": "Jeg kan ikke se en dato for det, du spurgte om. Her er de "
    "datoer, jeg har.",
    "waste_no_days": "Jeg har ingen tømningsdage for {address}. Se tømningskalenderen på "
    "kommunens hjemmeside.",
    "waste_choose": "Flere adresser passer. Vælg din adresse.",
    "waste_choose_number": "Eller skriv adressen med husnummer og postnummer.",
    "waste_not_found": "Jeg kan ikke finde adressen i {kommune}. Tjek vejnavn og husnummer, "
    "og skriv adressen igen. Du kan også se tømningsdagene på kommunens hjemmeside.",
    "waste_other_municipality": "Adressen ligger i {place}. Den hører ikke under {kommune}. "
    "Se tømningsdagene hos din egen kommune.",
    "waste_unavailable": "Jeg kan ikke slå tømningsdagene op lige nu. Prøv igen senere, eller "
    "se dem på kommunens hjemmeside.",
    "waste_ask_kommune": "Du kan også ringe til kommunen.",
    "waste_stopped": "Okay. Spørg bare, hvis du vil vide noget andet.",
    "waste_calendar_link": "Se tømningskalenderen",
    "waste_other_address": "Anden adresse",
    "waste_fraction_rest_mad": "Restaffald og madaffald",
    "waste_fraction_papir": "Papir",
    "waste_fraction_plast": "Plast",
    "waste_fraction_glas_metal": "Glas og metal",
    "waste_fraction_storskrald": "Storskrald",
    "waste_fraction_haveaffald": "Haveaffald",
    # --- end of issue 12 ---
    # --- issue 13: connection states and feedback (web/routes/feedback.py) ---
    "rating_already": "Du har allerede bedømt samtalen. Tak for det.",
    "vote_unknown_turn": "Svaret findes ikke i samtalen.",
    # --- issue 13: live chat with a person (web/routes/handoff.py, agent.py, handoff/) ---
    "live_queued": "Du er nu i kø til en medarbejder. Du kan skrive her, mens du venter.",
    "live_joined": "{agent} fra {team} er nu med i samtalen.",
    "live_returned": "Medarbejderen har sendt dig tilbage til chatbotten. Du kan skrive igen.",
    "live_closed": "Medarbejderen har afsluttet samtalen. Tak for nu.",
    "live_closed_now": "Vi har lukket nu. Du kan bede om at blive ringet op.",
    "live_opens_today": "Vi åbner igen i dag kl. {time}.",
    "live_opens_tomorrow": "Vi åbner igen i morgen kl. {time}.",
    "live_opens_day": "Vi åbner igen {day} kl. {time}.",
    "live_day_0": "mandag",
    "live_day_1": "tirsdag",
    "live_day_2": "onsdag",
    "live_day_3": "torsdag",
    "live_day_4": "fredag",
    "live_day_5": "lørdag",
    "live_day_6": "søndag",
    # --- issue 13: voice and the phone channel (web/routes/voice.py, phone.py, voice/) ---
    "voice_too_large": "Optagelsen er for lang (højst {mb} MB). Stil et kortere spørgsmål, "
    "eller skriv det.",
    "voice_not_audio": "Send en lydoptagelse (Content-Type audio/...).",
    "voice_empty": "Optagelsen er tom.",
    "voice_empty_text": "Der er ingen tekst at læse op.",
    "voice_no_stt": "Kommunen har ikke talegenkendelse. Skriv dit spørgsmål i stedet.",
    "voice_stt_down": "Talegenkendelsen svarer ikke lige nu. Skriv dit spørgsmål i stedet.",
    "voice_no_tts": "Kommunen har ikke oplæsning.",
    "voice_tts_down": "Oplæsningen virker ikke lige nu. Prøv igen om lidt.",
    "phone_unauthorised": "Forkert eller manglende nøgle til telefonkanalen.",
    "phone_bad_input": "Send call_id og enten text eller digits.",
    "phone_greeting": "Hej, du har ringet til {name}. Du taler med en digital assistent, ikke "
    "et menneske. Sig dit spørgsmål, eller tryk 0 for at tale med en medarbejder.",
    "phone_person": "Tal med en medarbejder",
    "phone_press": "Tryk {digit}.",
    "phone_transfer": "Et øjeblik. Jeg stiller dig videre til en medarbejder.",
    "phone_goodbye": "Tak for opkaldet. Farvel.",
    "phone_unknown_digit": "Den tast kan du ikke vælge her.",
    "phone_not_heard": "Det hørte jeg ikke. Sig dit spørgsmål igen, eller tryk 0 for at tale "
    "med en medarbejder.",
    "phone_error": "Der skete en fejl hos os. Jeg stiller dig videre til en medarbejder.",
}

MONTHS = (
    "januar februar marts april maj juni juli august september oktober november december"
).split()


# the words of the consent box for the training corpus (the datasheet quotes them)
CONSENT = (
    "Ja, I må gemme samtalen uden personlige oplysninger og bruge den til at træne "
    "danske sprogmodeller."
)

# The chat widget's words ({name}: the municipality's name). Each part of the widget
# (static/widget/*.js) keeps its keys in its own block, in both languages.
WIDGET: dict[str, str] = {
    # -- widget: core (conversation, login, booking form) ------------------------------
    "open": "Åbn chat med {name}",
    "close": "Luk chatten",
    "title": "{name}",
    "notice_line": "Du skriver med en chatbot, ikke et menneske.",
    "disclosure": "Nogle svar er lavet med kunstig intelligens ud fra kommunens hjemmeside. "
    "Tjek det vigtigste på kommunens hjemmeside eller ring.",
    "privacy": "Skriv ikke dit CPR-nummer eller andre personlige oplysninger.",
    "placeholder": "Skriv dit spørgsmål",
    "label": "Dit spørgsmål",
    "send": "Send",
    "typing": "Chatbotten skriver ...",
    "end": "Afslut samtalen",
    "rate_question": "Fik du svar på dit spørgsmål?",
    "rate_1": "Nej",
    "rate_2": "Delvist",
    "rate_3": "Ja",
    "comment": "Kommentar (valgfri)",
    "rate_send": "Send bedømmelse",
    "thanks": "Tak for din bedømmelse.",
    "greeting": "Hej. Jeg er {name}, {owner} chatbot. Hvad kan jeg hjælpe dig med?",
    "greeting_plain": "Hej. Du skriver med {name}. Hvad kan jeg hjælpe dig med?",
    "ai_label": "Svar lavet med AI",
    "error": "Der skete en fejl. Prøv igen.",
    "sources": "Kilder",
    "new": "Start en ny samtale",
    "handoff_now": "Tal med en medarbejder nu",
    "callback": "Bed om at blive ringet op",
    "cb_name": "Dit navn",
    "cb_phone": "Dit telefonnummer",
    "cb_when": "Hvornår må vi ringe? (valgfrit)",
    "cb_send": "Send",
    "cb_note": "Dit navn og nummer gemmes adskilt fra samtalen og slettes igen.",
    "agent": "Medarbejder",
    "about": "Om chatbotten",
    "consent": CONSENT,  # the corpus consent box (corpus/consent.py)
    "number": "Samtalens nummer, hvis du vil have en kopi eller have den slettet:",
    "book_legend": "Dine oplysninger til aftalen",
    "book_name": "Dit navn",
    "book_phone": "Dit telefonnummer",
    "book_note": "Dit navn og nummer gemmes adskilt fra samtalen og slettes efter tiden.",
    "book_confirm": "Bekræft tiden",
    "login": "Log ind med MitID",
    "logged_in": "Logget ind som {who}",
    "logged_in_anonymous": "Du er logget ind",
    "logout": "Log ud",
    "logged_out": "Du er logget ud.",
    "speaker_me": "Du skrev:",
    "speaker_bot": "Chatbotten svarede:",
    "suggestions": "Forslag",
    "switch_language": "English",
    "count": "{n} af {max} tegn",
    "over_limit": "Din besked er {n} tegn. Der er plads til {max}. Gør den kortere for at "
    "sende den.",
    # -- widget: connection states and feedback ----------------------------------------
    "start_over": "Start forfra",
    "down": "Chatten virker ikke lige nu.",
    "down_call": "Du kan ringe til os på",
    "failed": "Svaret nåede ikke frem.",
    "timeout": "Der kom ikke noget svar. Prøv igen om lidt.",
    "retry": "Prøv igen",
    "offline": "Du er ikke på nettet. Dit spørgsmål bliver sendt, når forbindelsen er tilbage.",
    "online": "Du er på nettet igen.",
    "vote_group": "Hjalp svaret?",
    "vote_up": "Ja, svaret hjalp",
    "vote_down": "Nej, svaret hjalp ikke",
    "vote_comment": "Hvad manglede? (valgfrit)",
    "vote_send": "Send kommentar",
    "vote_thanks": "Tak for din tilbagemelding.",
    # -- widget: live chat with a person -------------------------------------------------
    "live_with": "Du skriver med {agent} fra {team}. Det er et menneske, ikke en chatbot.",
    "live_waiting": "Du venter på en medarbejder. Det, du skriver nu, kan medarbejderen læse.",
    "live_speaker": "{agent} fra {team} skrev:",
    "live_name": "{agent}, {team}",
    "live_system": "Besked fra kontaktcentret:",
    "live_closed_now": "Vi har lukket nu. Du kan bede om at blive ringet op.",
    "live_not_sent": "Beskeden blev ikke sendt. Prøv igen.",
    # -- widget: voice -------------------------------------------------------------------
    "voice_mic": "Stil dit spørgsmål med stemmen",
    "voice_stop": "Stop optagelsen og send",
    "voice_listening": "Jeg lytter ... Tal nu.",
    "voice_sending": "Jeg skriver det, du sagde ...",
    "voice_not_heard": "Det hørte jeg ikke. Prøv igen, eller skriv dit spørgsmål.",
    "voice_no_mic": "Chatten må ikke bruge mikrofonen. Du kan give lov i browseren, eller "
    "skrive dit spørgsmål.",
    "voice_read": "Læs op",
    "voice_stop_reading": "Stop oplæsning",
    "voice_mode": "Læs svar op",
    "voice_mode_on": "Svarene bliver læst op.",
    "voice_mode_off": "Svarene bliver ikke læst op.",
}
