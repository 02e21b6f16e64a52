"""Canned replies, in plain Danish and English. Tenant facts are filled in by the caller."""

from __future__ import annotations

from muni.domain import Language

REPLIES: dict[str, dict[Language, str]] = {
    "empty": {
        "da": "Skriv dit spørgsmål, så hjælper jeg gerne. Du kan fx spørge om pas, affald eller "
        "flytning.",
        "en": "Please type your question and I will help. You can ask about passports, waste "
        "collection or moving, for example.",
    },
    "too_long": {
        "da": "Din besked er for lang til mig. Skriv dit spørgsmål kort, gerne i én eller to "
        "sætninger.",
        "en": "Your message is too long for me. Please ask your question in one or two sentences.",
    },
    "gibberish": {
        "da": "Jeg forstod ikke din besked. Prøv at skrive dit spørgsmål med almindelige ord.",
        "en": "I did not understand your message. Please try to write your question in plain "
        "words.",
    },
    "abuse": {
        "da": "Jeg vil gerne hjælpe dig. Skriv dit spørgsmål til kommunen, så gør jeg mit bedste.",
        "en": "I would like to help you. Please write your question about the municipality, and "
        "I will do my best.",
    },
    "emergency": {
        "da": "Ring 112, hvis nogen er i fare, der er brand, eller der er sket en ulykke. "
        "Jeg er en chatbot og kan ikke sende hjælp.",
        "en": "Call 112 if someone is in danger, there is a fire or an accident has happened. "
        "I am a chatbot and cannot send help.",
    },
    "self_harm": {
        "da": "Det lyder svært, og du skal ikke stå alene med det. Ring til Livslinien på "
        "70 201 201 (hele døgnet) og tal med en, der lytter. Er du i akut fare, så ring 112.",
        "en": "That sounds hard, and you should not be alone with it. Call Livslinien on "
        "70 201 201 (day and night) to talk to someone who listens. If you are in "
        "immediate danger, call 112.",
    },
    "jailbreak": {
        "da": "Jeg kan kun hjælpe med spørgsmål om kommunens service, og jeg følger altid de "
        "samme regler. Hvad vil du gerne vide om kommunen?",
        "en": "I can only help with questions about the municipality's services, and my rules "
        "stay the same. What would you like to know about the municipality?",
    },
    "out_of_scope": {
        "da": "Det kan jeg desværre ikke hjælpe med. Jeg svarer på spørgsmål om {kommune_navn}, "
        "fx pas, affald, flytning og pladsanvisning.",
        "en": "Sorry, I cannot help with that. I answer questions about {kommune_navn}, such as "
        "passports, waste collection, moving and childcare.",
    },
    "unanswered": {
        "da": "Det ved jeg desværre ikke nok om til at svare sikkert. Prøv at skrive det på en "
        "anden måde, eller kontakt {kommune_navn} på {kommune_telefon}.",
        "en": "Sorry, I do not know enough to answer that reliably. Try asking in another way, "
        "or contact {kommune_navn} on {kommune_telefon}.",
    },
    "clarify": {
        "da": "Jeg er ikke helt sikker på, hvad du mener. Vælg det emne, du spørger om.",
        "en": "I am not quite sure what you mean. Please choose the subject you are asking about.",
    },
    "privacy_cpr": {
        "da": "Skriv ikke dit CPR-nummer her. Jeg har fjernet det fra beskeden, så det ikke "
        "bliver gemt.",
        "en": "Please do not write your CPR number here. I have removed it from your message, "
        "so it is not stored.",
    },
    "privacy_other": {
        "da": "Jeg har fjernet personlige oplysninger fra din besked, så de ikke bliver gemt. "
        "Du behøver ikke skrive dem her.",
        "en": "I have removed personal details from your message, so they are not stored. "
        "You do not need to write them here.",
    },
    "maybe_pages": {
        "da": "Måske kan disse sider på kommunens hjemmeside hjælpe dig:",
        "en": "Perhaps these pages on the municipality's website can help you:",
    },
    "talk_to_person": {"da": "Tal med en medarbejder", "en": "Talk to a person"},
}


def reply(key: str, language: Language, **facts: str) -> str:
    text = REPLIES[key].get(language) or REPLIES[key]["da"]
    return text.format(**facts) if facts else text
