"""The embeddable chat widget: its script, and each tenant's widget settings and texts."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response

from muni.corpus.consent import CONSENT_TEXT
from muni.web.deps import RuntimeDep, TenantDep

router = APIRouter()
STATIC = Path(__file__).parents[1] / "static"
# the widget's script is these parts, in this order, inside one function scope (see core.js)
WIDGET_PARTS = (
    "core.js",
    "markdown.js",
    "states.js",
    "feedback.js",
    "live.js",
    "voice.js",
    "define.js",
)


def widget_source() -> str:
    """The parts joined into the one script a municipality embeds."""
    parts = [(STATIC / "widget" / name).read_text(encoding="utf-8") for name in WIDGET_PARTS]
    return '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n"

TEXTS = {
    "da": {
        "open": "Åbn chat med {name}",
        "close": "Luk chatten",
        "title": "{name}",
        "disclosure": "Du skriver med en chatbot, ikke et menneske. Nogle svar kan være lavet "
        "med kunstig intelligens ud fra kommunens hjemmeside.",
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
        "greeting": "Hej. Jeg er {name}s chatbot. Hvad kan jeg hjælpe dig med?",
        "ai_label": "Svar lavet med AI",
        "error": "Der skete en fejl. Prøv igen.",
        "sources": "Kilder",
        "new": "Start en ny samtale",
        "handoff_now": "Tal med en medarbejder nu",
        "callback": "Bed om at blive ringet op",
        "closed_info": "Kontaktcentret har lukket lige nu. Du kan bede om at blive ringet op.",
        "cb_name": "Dit navn",
        "cb_phone": "Dit telefonnummer",
        "cb_when": "Hvornår må vi ringe? (valgfrit)",
        "cb_send": "Send",
        "cb_note": "Dit navn og nummer gemmes adskilt fra samtalen og slettes igen.",
        "agent": "Medarbejder",
        "about": "Om chatbotten",
        "consent": CONSENT_TEXT["da"],
        "number": "Samtalens nummer, hvis du vil have en kopi eller have den slettet:",
        "book_legend": "Dine oplysninger til tiden",
        "book_name": "Dit navn",
        "book_phone": "Dit telefonnummer",
        "book_note": "Dit navn og nummer gemmes adskilt fra samtalen og slettes efter tiden.",
        "book_confirm": "Bekræft tiden",
        "login": "Log ind med MitID",
        "logged_in": "Logget ind som {who}",
        "logged_in_anonymous": "Du er logget ind",
        "logout": "Log ud",
        "logged_out": "Du er logget ud.",
    },
    "en": {
        "open": "Open chat with {name}",
        "close": "Close the chat",
        "title": "{name}",
        "disclosure": "You are writing with a chatbot, not a person. Some answers may be made "
        "with artificial intelligence from the municipality's website.",
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
        "greeting": "Hello. I am the chatbot of {name}. How can I help you?",
        "ai_label": "Answer made with AI",
        "error": "Something went wrong. Please try again.",
        "sources": "Sources",
        "new": "Start a new conversation",
        "handoff_now": "Talk to a person now",
        "callback": "Ask to be called back",
        "closed_info": "The contact centre is closed now. You can ask to be called back.",
        "cb_name": "Your name",
        "cb_phone": "Your phone number",
        "cb_when": "When may we call? (optional)",
        "cb_send": "Send",
        "cb_note": "Your name and number are kept apart from the conversation and deleted.",
        "agent": "Member of staff",
        "about": "About the chatbot",
        "consent": CONSENT_TEXT["en"],
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
    },
}


@router.get("/widget.js", include_in_schema=False)
def widget_script() -> Response:
    return Response(
        widget_source(),
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/api/tenants/{tenant}/widget", tags=["chat"])
def widget_settings(tenant: TenantDep, runtime: RuntimeDep) -> dict[str, object]:
    """Name, colours and texts (Danish and English) for the tenant's chat widget."""
    name = tenant.theme.get("name") or runtime.book.values(tenant).get("kommune_navn", "")
    texts = {
        lang: {k: v.replace("{name}", name) for k, v in words.items()}
        for lang, words in TEXTS.items()
    }
    return {
        "tenant": tenant.slug,
        "name": name,
        "primary": tenant.theme.get("primary", "#0b5cad"),
        "logo": tenant.theme.get("logo"),
        "texts": texts,
    }
