"""English: the same keys as da.py."""

TEXTS: dict[str, str] = {
    # -- input checks ---------------------------------------------------------------------
    "empty": "Please type your question and I will help. You can ask about passports, waste "
    "collection or moving, for example.",
    "too_long": "Your message is too long for me. Please ask your question in one or two "
    "sentences.",
    "gibberish": "I did not understand your message. Please try to write your question in plain "
    "words.",
    # -- safety -----------------------------------------------------------------------------
    "emergency": "Call 112 now if someone is in danger, there is a fire or an accident has "
    "happened. I am a chatbot and cannot send help.",
    "emergency_poison": "Call 112 now if the person is unconscious, has trouble breathing or "
    "has seizures. Otherwise call the Poison Line (Giftlinjen) on 82 12 12 12 (day and night). "
    "I am a chatbot and cannot send help.",
    "emergency_self_harm": "Call 112 now if someone is in danger. I am a chatbot and cannot "
    "send help. If it is about thoughts of suicide, you can also call Livslinien on 70 201 201 "
    "(day and night).",
    "emergency_unsure": "If someone is in danger or there has been an accident, call 112.",
    "self_harm_unsure": "If things are hard, you can always call Livslinien on 70 201 201 "
    "(day and night). If someone is in danger, call 112.",
    "violence_unsure": "If you or a child are in danger, call 112. "
    "Lev Uden Vold gives free and anonymous advice on 1888 (day and night).",
    "self_harm": "That sounds hard, and you should not be alone with it. Call Livslinien on "
    "70 201 201 (day and night), or write to them at livslinien.dk. If you or someone else is "
    "in danger right now, call 112.",
    "violence": "If you or a child are in danger right now, call 112. You can get free and "
    "anonymous advice about violence day and night from Lev Uden Vold on 1888. Children and "
    "young people can call the children's helpline (BørneTelefonen) on 116 111. You can also "
    "talk to a member of staff at the municipality.",
    "abuse": "I understand if you are frustrated. I would like to help you.",
    "abuse_ask": "Please write your question about the municipality, and I will do my best.",
    "manipulation": "I can only help with questions about the municipality's services, and my "
    "rules stay the same. I cannot make decisions or change my instructions. What would you "
    "like to know about the municipality?",
    "illegal": "I cannot help with that. Cheating with benefits or false documents is illegal. "
    "If you are struggling to make ends meet, you can get free and confidential advice about "
    "money, and you can talk to a member of staff at the municipality.",
    "political": "I do not take a position on political questions, and I do not recommend "
    "parties or candidates. I can help with practical information.",
    "political_election": "I do not take a position on political questions, and I do not "
    "recommend parties or candidates. Here is practical information about the election:",
    "judgement_legal": "I cannot judge whether something is legal in your situation, or how "
    "your case will end. A lawyer, a legal aid office (retshjælp), your trade union or your "
    "caseworker can. You can get free legal advice at a legal aid office or the lawyers' free "
    "advice service (advokatvagten).",
    "judgement_medical": "I cannot judge health questions or medicine. Call your own doctor. "
    "Outside your doctor's opening hours, call the out-of-hours doctor (lægevagten), 1813 in "
    "the Capital Region. If it is urgent and life-threatening, call 112.",
    "judgement_then": "This is what I can tell you about the rules:",
    "safety_then": "Your question:",
    # -- answers and fallbacks ------------------------------------------------------------
    "out_of_scope": "Sorry, I cannot help with that. I answer questions about {kommune_navn}, "
    "such as passports, waste collection, moving and childcare.",
    "unanswered": "Sorry, I do not know enough to answer that reliably. Try asking in another "
    "way, or contact {kommune_navn} on {kommune_telefon}.",
    "clarify": "I am not quite sure what you mean. Please choose the subject you are asking about.",
    "clarify_sub": "What would you like to know about {topic}?",
    "privacy_cpr": "Please do not write your CPR number here. I have removed it from your "
    "message, so it is not stored.",
    "privacy_other": "I have removed personal details from your message, so they are not "
    "stored. You do not need to write them here.",
    "maybe_pages": "Perhaps these pages on the municipality's website can help you:",
    "talk_to_person": "Talk to a person",
    # -- website search and page facts ----------------------------------------------------
    "search_intro": "This is what I found on the website of {kommune} (in Danish):",
    "search_read_more": "Read more on the page “{title}”.",
    "page_fact": "The website of {kommune} says (in Danish): «{quote}»",
    "page_fact_source": "(Source: the page “{title}”{updated}.)",
    "page_fact_updated": ", updated {date}",
    "page_fact_more": "More about this:",
    # -- AI phrasing ------------------------------------------------------------------------
    "ai_disclosure": "This answer was written by an AI from the municipality's website. Check "
    "the sources.",
    # --- issue 12: doing things (each part adds its keys below its own line) ---
    "personal_placeholder": "Here I showed your own details. They are not kept in the "
    "conversation.",
    # booking (answering/flows/booking.py)
    # citizen login and Mit overblik (answering/flows/overview.py, web/routes/citizen_login.py)
    # waste pickup by address (answering/flows/waste.py)
    # --- end of issue 12 ---
}

MONTHS = (
    "January February March April May June July August September October November December"
).split()
