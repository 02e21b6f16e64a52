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
    "emergency_illness": "Call 112 now if someone has trouble breathing, cannot be woken, has "
    "seizures or is in danger of their life. If it is not life-threatening, call your own doctor, "
    "and outside the doctor's opening hours the out-of-hours doctor (lægevagten): "
    "{laegevagt_telefon}. I am a chatbot and cannot send help.",
    "emergency_illness_unsure": "If someone's life is in danger, call 112. Otherwise you can call "
    "your own doctor or the out-of-hours doctor (lægevagten): {laegevagt_telefon}.",
    "out_of_hours_doctor_unknown": "1813 in the Capital Region. For the other regions, the number "
    "is on laegevagten.dk",
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
    "violence_child_sale": "It is against the law to sell or buy a child. If a child is in "
    "danger right now, call 112. If you suspect that a child is being sold or exploited, call "
    "the Danish Centre against Human Trafficking (Center mod Menneskehandel) on 70 20 25 50, "
    "also anonymously. You can also tell the municipality if you are worried about a child. "
    "Children and young people can call the children's helpline (BørneTelefonen) on 116 111. "
    "If you are a parent who is struggling, the municipality offers free help, for example "
    "from the health visitors (sundhedsplejen) or family counselling.",
    "abuse": "I understand if you are frustrated. I would like to help you.",
    "abuse_ask": "Please write your question about the municipality, and I will do my best.",
    "manipulation": "I can only help with questions about the municipality's services, and my "
    "rules stay the same. I cannot make decisions or change my instructions. What would you "
    "like to know about the municipality?",
    "illegal": "I cannot help with that. Cheating with benefits or false documents is illegal. "
    "If you are struggling to make ends meet, you can get free and confidential advice about "
    "money, and you can talk to a member of staff at the municipality.",
    "illegal_rules": "Here are the rules that apply. Remember that what you tell the "
    "municipality must be correct.",
    "illegal_unsure": "I cannot answer that here. If you want to know which rules apply, "
    "choose the topic below or talk to a member of staff at the municipality.",
    "political": "I do not take a position on political questions, and I do not recommend "
    "parties or candidates. I can help with practical information.",
    "political_election": "I do not take a position on political questions, and I do not "
    "recommend parties or candidates. Here is practical information about the election:",
    "judgement_legal": "I cannot judge whether something is legal in your situation, or how "
    "your case will end. A lawyer, a legal aid office (retshjælp), your trade union or your "
    "caseworker can. You can get free legal advice at a legal aid office or the lawyers' free "
    "advice service (advokatvagten).",
    "judgement_medical": "I cannot judge health questions or medicine. Call your own doctor. "
    "Outside your doctor's opening hours, call the out-of-hours doctor (lægevagten): "
    "{laegevagt_telefon}. If it is urgent and life-threatening, call 112.",
    "judgement_then": "This is what I can tell you about the rules:",
    "safety_then": "Your question:",
    # -- answers and fallbacks ------------------------------------------------------------
    "out_of_scope": "Sorry, I cannot help with that. I answer questions about {kommune_navn}, "
    "such as passports, waste collection, moving and childcare.",
    "unanswered": "Sorry, I do not know enough to answer that reliably. Try asking in another "
    "way, or contact {kommune_navn} on {kommune_telefon}.",
    "clarify": "I am not quite sure what you mean. Please choose the subject you are asking about.",
    "clarify_sub": "What would you like to know about {topic}?",
    "second_question_one": "You also asked about “{topic}”. Choose it, and I will answer that.",
    "second_question_two": "You also asked about “{first}” and “{second}”. Choose one, and I "
    "will answer it.",
    "topic_contact": "If you have questions about {topic}, you can call {kommune_navn} on {phone}.",
    "topic_contact_hours": "The phone lines are open {hours}.",
    "topic_on_behalf": "You can often help someone else with {topic} if they give you a power "
    "of attorney (fuldmagt). They give a digital power of attorney on borger.dk with their own "
    "MitID. If they have no MitID, you can ask for the power of attorney there yourself, and "
    "they sign it on paper. You then use your own MitID when you act for them. Some things the "
    "person must still do or come in for themselves. If the person cannot give a power of "
    "attorney, for example because of dementia, or if you are unsure, call {kommune_navn} on "
    "{phone}.",
    "topic_on_behalf_without_mitid": "The person can give you a power of attorney (fuldmagt) "
    "even without MitID. Log in to Digital Fuldmagt on borger.dk with your own MitID and ask "
    "for a power of attorney. The person then gets a letter by post, signs it and returns all "
    "the pages to Citizen Service (Borgerservice). After that you can help with {topic} using "
    "your own MitID. Some things the person must still do or come in for themselves. If the "
    "person cannot understand what a power of attorney is, for example because of dementia, "
    "call {kommune_navn} on {phone}.",
    "topic_on_behalf_me": "Someone else can often help you with {topic} if you give them a "
    "power of attorney (fuldmagt). You give a digital power of attorney on borger.dk with your "
    "own MitID. They then use their own MitID when they act for you. Some things you must still "
    "do or come in for yourself. If you are unsure, call {kommune_navn} on {phone}.",
    "topic_on_behalf_without_mitid_me": "You can give someone a power of attorney (fuldmagt) "
    "even without MitID. The person who will help you logs in to Digital Fuldmagt on borger.dk "
    "with their own MitID and asks for a power of attorney. You then get a letter by post. Sign "
    "it and return all the pages to Citizen Service (Borgerservice). After that they can help "
    "you with {topic}. Some things you must still do or come in for yourself. If you are "
    "unsure, call {kommune_navn} on {phone}.",
    "topic_bring": "{kommune_navn} can tell you what to bring for {topic}. Call {phone}.",
    "topic_how": "{kommune_navn} can tell you how to go about {topic}. Call {phone}.",
    "topic_online": "{kommune_navn} can tell you whether you can deal with {topic} online or "
    "must come in person. Call {phone}.",
    "topic_without_mitid": "If you do not have MitID, you can still get help with {topic}. Call "
    "{kommune_navn} on {phone} or come to Citizen Service (Borgerservice). They can help you "
    "another way, for example with a paper form. If you would like MitID, Citizen Service can "
    "help you get it too.",
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
    "personal_not_shown_again": "The answer with your own details did not reach you, and I do "
    "not keep them. Ask again, and I will show them.",
    # booking (answering/flows/booking.py)
    "booking_pick_service": "What would you like to book an appointment for? Here in the "
    "chat you can book: {services}. For anything else, book on the municipality's website.",
    "booking_unknown_service": "I cannot book that here in the chat. Here you can book an "
    "appointment for: {services}.",
    "booking_pick_location": "Where would you like to come? Choose a place.",
    "booking_slots": "Free times for {service} at {location}. Choose a time.",
    "booking_more": "More times",
    "booking_no_slots": "There are no free times for {service} at {location} in the next "
    "{days} days. You can book on the municipality's website or call {phone}.",
    "booking_down": "I cannot book an appointment right now because the calendar is not "
    "answering. You can book on the municipality's website or call {phone}.",
    "booking_summary": "You have chosen:\n{service}\n{when}\n{place}\n\nWrite your name and "
    "phone number and press »Confirm«. We only use them if we need to contact you about the "
    "appointment.",
    "booking_need_contact": "Write your name and phone number to book the appointment.",
    "booking_taken": "Someone else booked that time first. Choose another time.",
    "booking_done": "Your appointment is booked.\n\nYour code: {code}\n{service}\n{when}\n{place}",
    "booking_bring": "Remember to bring: {bring}",
    "booking_manage": "To cancel or move it, write »cancel my appointment {code}« or »move my "
    "appointment {code}« here in the chat.",
    "booking_ics_link": "Add the appointment to your calendar",
    "booking_web_link": "Book on the municipality's website",
    "booking_lost_code": "The code is in the chat from when you booked, and in the calendar file "
    'if you saved it. If you are logged in with MitID, you can ask "when is my appointment?". '
    "If you cannot find the code, call {phone}. If you have the code, you can type it here.",
    "booking_ask_code": "Write the code of your appointment. It is in the confirmation and has "
    "6 characters, e.g. K4M29X. If you booked on the "
    "municipality's website, cancel or move it there.",
    "booking_unknown_code": "I cannot find an appointment with the code {code}. Check the code "
    "and write it again.",
    "booking_cancel_ask": "Do you want to cancel this appointment?\n{service}\n{when}\n{place}",
    "booking_cancel_yes": "Yes, cancel it",
    "booking_keep": "No, keep it",
    "booking_cancelled": "Your appointment for {service} {when} is cancelled.",
    "booking_kept": "Your appointment has not been changed.",
    "booking_move_pick": "You have an appointment for {service} {when}. Choose a new time at "
    "{location}.",
    "booking_moved": "Your appointment has been moved.\n\nYour new code: {code}\n{service}"
    "\n{when}\n{place}\n\nThe old time is cancelled.",
    "booking_stopped": "I have stopped the booking. You have not booked anything.",
    "booking_start_again": "I no longer know which time you chose. Write e.g. »book an "
    "appointment for a passport« to start again.",
    "booking_ics_summary": "{service}, {tenant}",
    "booking_ics_code": "Code to cancel or move the appointment: {code}",
    # citizen login and Mit overblik (answering/flows/overview.py, web/routes/citizen_login.py)
    "overview_login": "I can show your own appointments, cases and payments when you have "
    "logged in with MitID. Log in here, then ask again.",
    "overview_login_expired": "Your login has expired.",
    "overview_not_here": "I cannot see your own information here in the chat. You can see it "
    "in Mit overblik on borger.dk or call the municipality on {phone}.",
    "overview_down": "I cannot get your information right now. Try again later, see Mit "
    "overblik on borger.dk, or call the municipality on {phone}.",
    "overview_appointment": "Your next appointment: {items}",
    "overview_appointments": "Your next appointments: {items}",
    "overview_no_appointment": "I cannot see that you have an appointment with the municipality.",
    "overview_no_case": "I cannot see that you have a case with the municipality.",
    "overview_no_case_about": "I cannot see that you have a case about {about}.",
    "overview_payment": "Your next payment is {what}{amount}. It comes {day}.",
    "overview_no_payment": "I cannot see any coming payments to you.",
    "citizen_login_back": "Back to the chat",
    "citizen_login_failed_title": "Login failed",
    "citizen_login_failed": "Your MitID login did not work. Go back to the chat and try again.",
    "citizen_login_down": "MitID login does not work right now. Try again in a moment.",
    "citizen_logged_in_title": "You are logged in",
    "citizen_logged_in": "You are logged in with MitID. Go back to the chat and ask again.",
    # waste pickup by address (answering/flows/waste.py)
    "waste_ask_address": "I can find your collection days in {kommune}. Which address is "
    "it? Write the street and house number, for "
    "example Bakkevej 7. Add the postcode if you know it.",
    "waste_days": "Next collection at {address}:",
    "waste_set_out": "Put the bin out {when}.",
    "waste_fraction_missing": "I cannot see a date for what you asked about. Here are the "
    "dates I have.",
    "waste_no_days": "I have no collection days for {address}. See the collection calendar "
    "on the municipality's website.",
    "waste_choose": "Several addresses match. Choose your address.",
    "waste_choose_number": "Or write the address with house number and postcode.",
    "waste_not_found": "I cannot find the address in {kommune}. Check the street and house "
    "number, and write the address again. You can also see the collection days on the "
    "municipality's website.",
    "waste_other_municipality": "The address is in {place}. It is not in {kommune}. See the "
    "collection days with your own municipality.",
    "waste_unavailable": "I cannot look up the collection days right now. Try again later, "
    "or see them on the municipality's website.",
    "waste_ask_kommune": "You can also call the municipality.",
    "waste_stopped": "Okay. Just ask if you want to know something else.",
    "waste_calendar_link": "See the collection calendar",
    "waste_other_address": "Another address",
    "waste_fraction_rest_mad": "Residual and food waste",
    "waste_fraction_papir": "Paper",
    "waste_fraction_plast": "Plastic",
    "waste_fraction_glas_metal": "Glass and metal",
    "waste_fraction_storskrald": "Bulky waste",
    "waste_fraction_haveaffald": "Garden waste",
    # --- end of issue 12 ---
    # --- issue 13: connection states and feedback (web/routes/feedback.py) ---
    "rating_already": "You have already rated this conversation. Thank you.",
    "vote_unknown_turn": "That answer is not part of the conversation.",
    # --- issue 13: live chat with a person (web/routes/handoff.py, agent.py, handoff/) ---
    "live_queued": "You are now waiting for a member of staff. You can write here while you "
    "wait.",
    "live_joined": "{agent} from {team} has joined the conversation.",
    "live_returned": "The member of staff has handed you back to the chatbot. You can write "
    "again.",
    "live_closed": "The member of staff has ended the conversation. Thank you.",
    "live_closed_now": "We are closed now. You can ask to be called back.",
    "live_opens_today": "We open again today at {time}.",
    "live_opens_tomorrow": "We open again tomorrow at {time}.",
    "live_opens_day": "We open again on {day} at {time}.",
    "live_day_0": "Monday",
    "live_day_1": "Tuesday",
    "live_day_2": "Wednesday",
    "live_day_3": "Thursday",
    "live_day_4": "Friday",
    "live_day_5": "Saturday",
    "live_day_6": "Sunday",
    # --- issue 13: voice and the phone channel (web/routes/voice.py, phone.py, voice/) ---
    "voice_too_large": "The recording is too long (at most {mb} MB). Ask a shorter question, "
    "or type it.",
    "voice_not_audio": "Send an audio recording (Content-Type audio/...).",
    "voice_empty": "The recording is empty.",
    "voice_empty_text": "There is no text to read aloud.",
    "voice_no_stt": "The municipality has no speech recognition. Please type your question.",
    "voice_stt_down": "Speech recognition is not answering right now. Please type your question.",
    "voice_no_tts": "The municipality has no read-aloud.",
    "voice_tts_down": "Read-aloud is not working right now. Please try again shortly.",
    "phone_unauthorised": "Wrong or missing key for the phone channel.",
    "phone_bad_input": "Send call_id and either text or digits.",
    "phone_greeting": "Hello, you have called {name}. You are talking to a digital assistant, "
    "not a person. Say your question, or press 0 to talk to a member of staff.",
    "phone_person": "Talk to a member of staff",
    "phone_press": "Press {digit}.",
    "phone_transfer": "One moment. I am putting you through to a member of staff.",
    "phone_goodbye": "Thank you for calling. Goodbye.",
    "phone_unknown_digit": "You cannot choose that key here.",
    "phone_not_heard": "I did not hear that. Say your question again, or press 0 to talk to a "
    "member of staff.",
    "phone_error": "Something went wrong on our side. I am putting you through to a member of "
    "staff.",
}

MONTHS = (
    "January February March April May June July August September October November December"
).split()


# the words of the consent box for the training corpus (the datasheet quotes them)
CONSENT = (
    "Yes, you may keep this conversation without personal details and use it to train "
    "Danish language models."
)

# The chat widget's words ({name}: the municipality's name). Each part of the widget
# (static/widget/*.js) keeps its keys in its own block, in both languages.
WIDGET: dict[str, str] = {
    # -- widget: core (conversation, login, booking form) ------------------------------
    "open": "Open chat with {name}",
    "close": "Close the chat",
    "title": "{name}",
    "notice_line": "You are chatting with a chatbot, not a person.",
    "disclosure": "Some answers are made with artificial intelligence from the "
    "municipality's website. Check what matters most on the website or call us.",
    "privacy": "Do not write your CPR number or other personal details.",
    "placeholder": "Type your question",
    "label": "Your question",
    "send": "Send",
    "typing": "The chatbot is typing ...",
    "end": "End the conversation",
    "rate_question": "Did you get an answer to your question?",
    "rate_1": "No",
    "rate_2": "Partly",
    "rate_3": "Yes",
    "comment": "Comment (optional)",
    "rate_send": "Send rating",
    "thanks": "Thank you for your rating.",
    "greeting": "Hello. I am {name}, the chatbot of {municipality}. How can I help you?",
    "greeting_plain": "Hello. This is {name}. How can I help you?",
    "ai_label": "Answer made with AI",
    "error": "Something went wrong. Please try again.",
    "sources": "Sources",
    "new": "Start a new conversation",
    "handoff_now": "Talk to a person now",
    "callback": "Ask to be called back",
    "cb_name": "Your name",
    "cb_phone": "Your phone number",
    "cb_when": "When may we call? (optional)",
    "cb_send": "Send",
    "cb_note": "Your name and number are kept apart from the conversation and deleted.",
    "agent": "Member of staff",
    "about": "About the chatbot",
    "consent": CONSENT,  # the corpus consent box (corpus/consent.py)
    "number": "The conversation's number, if you want a copy or want it deleted:",
    "book_legend": "Your details for the appointment",
    "book_name": "Your name",
    "book_phone": "Your phone number",
    "book_note": "Your name and number are kept apart from the conversation and deleted "
    "after the appointment.",
    "book_confirm": "Confirm the appointment",
    "login": "Log in with MitID",
    "logged_in": "Logged in as {who}",
    "logged_in_anonymous": "You are logged in",
    "logout": "Log out",
    "logged_out": "You are logged out.",
    "speaker_me": "You wrote:",
    "speaker_bot": "The chatbot answered:",
    "suggestions": "Suggestions",
    "switch_language": "Dansk",
    "count": "{n} of {max} characters",
    "over_limit": "Your message is {n} characters long. There is room for {max}. Please "
    "shorten it to send it.",
    # -- widget: connection states and feedback ----------------------------------------
    "start_over": "Start over",
    "down": "The chat is not working right now.",
    "down_call": "You can call us on",
    "failed": "The answer did not get through.",
    "timeout": "No answer came. Please try again in a moment.",
    "retry": "Try again",
    "offline": "You are offline. Your question will be sent when the connection is back.",
    "online": "You are back online.",
    "vote_group": "Did the answer help?",
    "vote_up": "Yes, the answer helped",
    "vote_down": "No, the answer did not help",
    "vote_comment": "What was missing? (optional)",
    "vote_send": "Send comment",
    "vote_thanks": "Thank you for your feedback.",
    # -- widget: live chat with a person -------------------------------------------------
    "live_with": "You are writing with {agent} from {team}. This is a person, not a chatbot.",
    "live_waiting": "You are waiting for a member of staff. They can read what you write now.",
    "live_speaker": "{agent} from {team} wrote:",
    "live_name": "{agent}, {team}",
    "live_system": "Message from the contact centre:",
    "live_closed_now": "We are closed now. You can ask to be called back.",
    "live_not_sent": "The message was not sent. Please try again.",
    # -- widget: voice -------------------------------------------------------------------
    "voice_mic": "Ask your question by voice",
    "voice_stop": "Stop recording and send",
    "voice_listening": "Listening ... Speak now.",
    "voice_sending": "Writing down what you said ...",
    "voice_not_heard": "I did not hear that. Try again, or type your question.",
    "voice_no_mic": "The chat may not use the microphone. You can allow it in the browser, or "
    "type your question.",
    "voice_read": "Read aloud",
    "voice_stop_reading": "Stop reading",
    "voice_mode": "Read answers aloud",
    "voice_mode_on": "Answers will be read aloud.",
    "voice_mode_off": "Answers will not be read aloud.",
}
