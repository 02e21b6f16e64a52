"""The curated-intent step: classify the question, keep the conversation's topic for a
follow-up, ask which topic was meant when two are genuinely close, or pass when not
confident. The answer within the chosen topic (overview or sub-answer) is
`sub_answer_choice.py`; the thresholds are `intent_thresholds.py`."""

from __future__ import annotations

from dataclasses import replace

from muni.answering.authorities import Authority, find_authority
from muni.answering.clarify import clarify_topics
from muni.answering.follow_up import (
    changes_subject,
    content_words,
    continues,
    names_group,
    points_back,
    refers_back,
    search_text,
    states_condition,
    subject_words,
    without_person_state,
)
from muni.answering.general_follow_ups import GeneralAsk, general_ask, power_of_attorney_ask
from muni.answering.intent_thresholds import Thresholds
from muni.answering.own_name import without_own_name
from muni.answering.search import ON_PAGE_MAX_WORDS, PageLookup
from muni.answering.state import TurnState
from muni.answering.sub_answer_choice import SubAnswerChoice
from muni.content.answer_book import AnswerBook
from muni.domain import Answer, ConversationContext, Question, QuickReply
from muni.nlu.classifier import OUT_OF_SCOPE, Prediction, TextClassifier
from muni.nlu.embedder import Embedder
from muni.nlu.sub_answers import SubAnswerModel
from muni.nlu.tokens import stems
from muni.privacy.redact import without_given_numbers

GREETING = "hilsen"
GREETING_WORDS = 4  # a message longer than this says more than hello
# topics about reaching the municipality, not a matter one could do for someone or online
NO_MATTER = frozenset({"kontakt"})
OWN_SUB_ANSWER_WORDS = 6  # a message this short may be about the conversation's sub-answer
MIN_STEM_PREFIX = 4  # a stem this long also finds the page's words that begin with it
ON_PAGE_SHORT_WORDS = 4  # this short, a message on the page's subject needs no "og"
FOLLOW_UP_MAX_WORDS = 12  # a message this short that no topic fits may be a follow-up
# English words for what a sub-answer's Danish id names, where its English label uses another
# word: "can I complain" after a parking charge is its "klage-afgift" ("Appealing ...")
_DANISH_SUB_WORDS = {"complain": "klag", "complaint": "klag", "l:complain": "klag"}


# topics a person's pension is the matter of, not a description of who asks
PENSION_TOPICS = ("folkepension", "foertidspension")


class CuratedIntentStep:
    name = "curated_intent"

    def __init__(
        self,
        classifier: TextClassifier,
        sub_answers: SubAnswerModel,
        embedder: Embedder | None,
        book: AnswerBook,
        thresholds: dict[str, float],
        estimates: bool = False,
        page: PageLookup | None = None,
    ) -> None:
        self.classifier = classifier
        self.page = page  # the passages of the page a conversation is on
        self.sub_answers = sub_answers
        self.embedder = embedder
        # the embedder's estimates decide what they leave clear (MUNI_EMBEDDING_ESTIMATES)
        self.estimates = estimates
        self.book = book
        self.thresholds = thresholds
        self.choice = SubAnswerChoice(classifier, sub_answers, embedder, book)

    def limits(self, question: Question) -> Thresholds:
        tuned = {**self.classifier.tuned, "sub_accept": self.sub_answers.accept}
        return Thresholds.layered(tuned, self.thresholds, question.tenant.nlu)

    def __call__(self, question: Question, state: TurnState) -> Answer | None:
        if question.topic_hint and self.book.has(question.topic_hint):
            sub = (
                question.sub_hint
                if self.book.has_sub(question.topic_hint, question.sub_hint)
                else None
            )
            return self.book.answer(
                question.tenant, question.topic_hint, question.language, 1.0, sub
            )
        # the question without the insults around it, the numbers handed over and the
        # municipality's own name ("hvornår skal hunden være i snor på stranden i aarhus" is
        # about dogs, not out of scope like "vejrudsigt aarhus")
        topic_text = without_given_numbers(
            without_own_name(state.topic_text or question.text, question.tenant)
        )
        if question.context.topic not in (None, *PENSION_TOPICS):
            # "og min far paa 71 skal med, han er paa folkepension" after a passport's price:
            # who the question is for, not a question about the pension
            topic_text = without_person_state(topic_text)
        if topic_text != question.text:
            text, features = topic_text, self.classifier.features([topic_text])
        else:
            text, features = question.text, state.features(self.classifier.features, question.text)
        limits = self.limits(question)
        # the student is fitted on Danish phrasings: it estimates Danish messages only
        use_estimate = self.estimates and question.language == "da"
        prediction = self.classifier.predict(
            text,
            self.embedder,
            features=features,
            open_between=limits.open_between() if use_estimate else None,
        )
        state.prediction = prediction
        context = question.context
        if (
            state.follow_up
            and context.topic is None
            and not content_words(state.topic_text or question.text)
        ):
            return None  # "og for børn?" after a page answer: the page search answers it
        general = self._general(question, prediction, state)
        if general is not None:
            return general
        authority = self._other_authority(question, prediction, limits)
        if authority is not None and authority.interrupts:
            # a matter that is never a follow-up: "hvor mange timer må min søn på 15 arbejde"
            # after a question about MitID is no follow-up on MitID's age limit
            return None
        self._maybe_follow_up(question, prediction, limits, state)
        if self._stays_on_page(question, prediction, limits, state) or self._asks_about_the_page(
            question, prediction, state
        ):
            return None  # the page search answers it, from the page the conversation is on
        follow = self._follow_up_topic(question, prediction, limits, state)
        if follow is not None:
            return self._contact(question, follow, prediction, state) or self.choice.answer(
                question, follow, prediction, limits, state
            )
        own = self._own_sub_answer(question, prediction)
        if own is not None:
            # "hvem kan jeg klage til" after a missed bin collection: the waste topic's own
            # answer on complaints, not the general one about appealing a decision
            topic, sub = own
            confidence = dict(prediction.ranked).get(topic, prediction.confidence)
            # a follow-up: pages are searched with the question it follows too
            state.follow_up = True
            state.search_text = search_text(question.text, question.context, True)
            return self.book.answer(question.tenant, topic, question.language, confidence, sub)
        if authority is not None:
            return None  # another authority's matter, and no topic clearly fits: redirect
        return self.decide(question, prediction, limits, state)

    def _other_authority(
        self, question: Question, prediction: Prediction, limits: Thresholds
    ) -> Authority | None:
        """Another authority whose matter this is, when no topic clearly fits. Before the
        follow-up paths only one whose matter is never a follow-up on a municipal topic
        (`interrupts`) ends the step; the rest only once no follow-up or own sub-answer fits
        ("og hvis vi begge er på SU?" after a nursery's price asks about the price)."""
        if prediction.confidence >= limits.authority_override:
            return None
        return find_authority(question.text)

    # -- topic ------------------------------------------------------------------------------
    def _general(
        self, question: Question, prediction: Prediction, state: TurnState
    ) -> Answer | None:
        """A follow-up any matter could get ("kan jeg gøre det for min mor", "hvad hvis jeg
        ikke har mitid", "kan jeg gøre det online"; general_follow_ups.py), about the
        conversation's topic: the topic's own sub-answer on it, else (online, how) its overview
        when that says how, else the general answer with the topic's number."""
        topic = question.context.topic
        if topic is None or self.book.area(topic) in (None, "samtale") or topic in NO_MATTER:
            return None  # a first message, or "tak": no matter to act on for someone else
        asked = general_ask(question.text, self.book.topic_terms)
        if asked is None:
            return None
        answering, sub = self._answer_on(question.context, asked)
        if not answering and topic == "mitid":
            # MitID's own answers say it further down ("må andre bruge mit MitID?": no, but
            # a power of attorney), else they say what to do without it: the classifier
            sub = self.book.sub_about(topic, asked.marks, asked.answered, lead=False)
            if sub is None:
                return None
            answering = True
        confidence = dict(prediction.ranked).get(topic, prediction.confidence)
        state.follow_up = True  # pages are searched with the question it follows too
        state.search_text = search_text(question.text, question.context, True)
        if answering:
            state.topic_pages_only = True  # its related pages too: not the follow-up's words
            return self.book.answer(question.tenant, topic, question.language, confidence, sub)
        answer = self.book.general_answer(
            question.tenant, topic, asked.kind, question.language, confidence
        )
        state.topic_pages_only = answer is not None
        return answer

    def _power_of_attorney(
        self,
        question: Question,
        topic: str,
        confidence: float,
        state: TurnState,
        chosen: Answer | None,
    ) -> Answer | None:
        """A message that names its matter and asks about a power of attorney for it ("min far
        har ikke mitid, kan jeg søge boligstøtte for ham med en fuldmagt"), when the answer the
        classifier chose does not speak of one (how to apply, which leaves the question open):
        the topic's own sub-answer on it, else the general answer on it with the topic's
        number. MitID's own answers stay (MitID is the matter there, not the means)."""
        if topic == "mitid" or self.book.area(topic) in (None, "samtale") or topic in NO_MATTER:
            return None
        asked = power_of_attorney_ask(question.text)
        if asked is None or (chosen is not None and asked.answered.search(chosen.text.lower())):
            return None
        sub = self.book.sub_about(topic, asked.marks, asked.answered, anywhere=asked.anywhere)
        if sub is not None:
            state.topic_pages_only = True
            return self.book.answer(question.tenant, topic, question.language, confidence, sub)
        answer = self.book.general_answer(
            question.tenant, topic, asked.kind, question.language, confidence
        )
        if answer is None:
            return None
        state.topic_pages_only = True
        # the matter's own answer one press away: the message asked about it too
        label = self.book.label(topic, question.language)
        return replace(answer, quick_replies=(QuickReply(label, label, topic),))

    def _answer_on(
        self, context: ConversationContext, asked: GeneralAsk
    ) -> tuple[bool, str | None]:
        """Whether one of the topic's curated answers answers a general follow-up, and which
        (None: the overview). For one an overview can answer ("kan jeg gøre det online"):
        the sub-answer the conversation is on if it says so first ("det" is that matter),
        else the overview if it does, else that sub-answer if it says so further down ("du
        kan forny dine lån på bibliotekets hjemmeside"). Then the topic's own sub-answer on
        the ask."""
        topic = context.topic
        if asked.overview_answers:
            sub = context.sub_answer
            if sub is not None and self.book.says(topic, asked.answered, sub):
                return True, sub
            if self.book.says(topic, asked.answered):
                return True, None
            if sub is not None and self.book.says(topic, asked.answered, sub, lead=False):
                return True, sub
        sub = self.book.sub_about(topic, asked.marks, asked.answered, anywhere=asked.anywhere)
        return sub is not None, sub

    def _contact(
        self, question: Question, topic: str, prediction: Prediction, state: TurnState
    ) -> Answer | None:
        """Whom to call, for a follow-up that asks only that ("hvem skal jeg kontakte", "hvad
        er telefonnummeret") about a topic none of whose sub-answers gives a phone number:
        the topic's number. Phone hours ("hvornår kan jeg ringe") take the usual way."""
        if "phone" not in state.own_asks or "opening_hours" in state.own_asks:
            return None
        if subject_words(question.text):
            return None
        if any("phone" in kinds for kinds in self.book.sub_asks(topic).values()):
            return None  # the sub-answer that gives it is chosen for the kind asked
        confidence = dict(prediction.ranked).get(topic, prediction.confidence)
        answer = self.book.contact_answer(question.tenant, topic, question.language, confidence)
        state.topic_pages_only = answer is not None
        return answer

    def _own_sub_answer(self, question: Question, prediction: Prediction) -> tuple[str, str] | None:
        """The conversation's topic and one of its sub-answers, for a short message whose only
        subject words name that sub-answer ("kan jeg klage", "hvem kan jeg klage til" after a
        question about waste collection, which has a sub-answer on complaints), when the
        classifier reads it as another topic (complaints in general). A topic without such a
        sub-answer leaves the message to the classifier."""
        topic = question.context.topic
        if topic is None or prediction.label == topic or not self.book.has(topic):
            return None
        words = content_words(question.text)
        if not words or len(question.text.split()) > OWN_SUB_ANSWER_WORDS:
            return None
        if changes_subject(question.text):
            return None
        asked = {_DANISH_SUB_WORDS.get(w, w) for w in stems(" ".join(words))}
        language = question.language
        named = []
        for sub in self.book.sub_asks(topic):
            label = self.book.label(topic, language, sub)
            if _names(asked, stems(f"{sub.replace('-', ' ')} {label}")):
                named.append(sub)
        return (topic, named[0]) if len(named) == 1 else None

    @staticmethod
    def _stays_on_page(
        question: Question, prediction: Prediction, limits: Thresholds, state: TurnState
    ) -> bool:
        """A follow-up that points back ("hvor langt fra huset skal det være") after an
        answer from a page with no topic (bonfires) is about that page, unless the message on
        its own clearly names a topic: the bar is the one for leaving a topic by pointing
        back to it."""
        context = question.context
        if not state.follow_up or context.page_url is None:
            return False
        if context.topic is None:
            return refers_back(question.text) and prediction.confidence < limits.switch_topic_back
        # "og hvad skal jeg selv give for at komme ind som voksen" after the swimming hall's
        # opening hours from its page: the page's topic label (clubs) is no better guess than
        # the page itself, unless the classifier finds that topic in the message. "og for
        # pensionister?" after the pool's prices names only a group of people and no subject
        # of its own, so however sure the classifier is of the state pension, it is the pool's
        said = state.topic_text or question.text
        only_for_whom = names_group(said) and not subject_words(said)
        return (
            context.from_page
            and dict(prediction.ranked).get(context.topic, 0.0) < limits.accept
            and (prediction.confidence < limits.switch_topic or only_for_whom)
        )

    def _asks_about_the_page(
        self, question: Question, prediction: Prediction, state: TurnState
    ) -> bool:
        """"og hvor kan man parkere" after the beaches' lifeguards, answered from their page:
        a short message that goes on from the last, every word of whose subject is on that
        page, asks about the page, however sure the classifier is of the parking topic. It
        becomes a follow-up, searched with the question before it."""
        context = question.context
        if self.page is None or not context.from_page or context.page_url is None:
            return False
        text = state.topic_text or question.text
        length = len(text.split())
        if length > ON_PAGE_MAX_WORDS:
            return False
        if prediction.label in (OUT_OF_SCOPE, context.topic):
            return False
        subject = {s for w in subject_words(text) for s in stems(w) if not s.startswith("l:")}
        if not subject:
            return False
        # it goes on from the last ("og …"), points back ("skal vi selv slæbe det med
        # derud"), is a few words only ("parkering?", "må hunden komme med?"), or asks for a
        # fact about one thing only ("hvornår skal man tilmelde sig" after the pensioners'
        # holidays: their sign-up date, not the jobcentre's)
        one_thing = len(subject) == 1 and bool(state.own_asks)
        if not (
            continues(text) or refers_back(text) or length <= ON_PAGE_SHORT_WORDS or one_thing
        ):
            return False
        passages = state.page(lambda url: self.page(question, url), context.page_url)
        on_page = {s for p in passages for s in stems(" ".join([p.title, *p.heading_path, p.text]))}
        # a word's stem, or one that begins with it ("park" for "parkere": "parkering")
        missing = sum(
            not any(w == s or (len(s) >= MIN_STEM_PREFIX and w.startswith(s)) for w in on_page)
            for s in subject
        )
        # a message that points back may have one word the page lacks, beside one it has:
        # "brænde? skal vi selv slæbe det med derud" after the shelters (no "slæbe" there)
        if missing > (1 if points_back(text) and missing < len(subject) else 0):
            return False
        state.follow_up = True
        state.about_page = True
        state.asks = state.own_asks
        state.search_text = search_text(question.text, context, True)
        return True

    @staticmethod
    def _maybe_follow_up(
        question: Question, prediction: Prediction, limits: Thresholds, state: TurnState
    ) -> None:
        """A short message the classifier cannot place, in a conversation with a topic, is a
        follow-up too ("hvornår tager kommunen over" after a question about sick pay), unless
        it is clearly about something else (out of scope with confidence)."""
        context = question.context
        # what it says a person is does not count ("my mum is coming too, she's retired. is
        # there a cheaper price for her?" is a short question for someone else)
        own = without_person_state(question.text).split()
        own_length = sum(any(c.isalnum() for c in w) for w in own)
        if state.follow_up or context.topic is None or own_length > FOLLOW_UP_MAX_WORDS:
            return
        if changes_subject(question.text):
            return
        if prediction.label == OUT_OF_SCOPE and prediction.confidence >= limits.switch_topic:
            return
        likely = {label for label, _p in prediction.ranked[:5]}
        unsure = prediction.label == OUT_OF_SCOPE or prediction.confidence < limits.accept
        # a yes-or-no question ("må man fyre fyrværkeri af tæt på stråtag?") asks no kind of
        # fact that would carry on the conversation's: only the topic among the likely ones does
        asks = tuple(k for k in state.own_asks if k != "yes_no")
        if unsure and (asks or context.topic in likely):
            state.follow_up = True
            # "og om søndagen?" asks the earlier kind again; "hvad sker der med hans pension"
            # after whom to call names its own subject and asks no number
            borrows = continues(question.text) or not subject_words(question.text)
            state.asks = state.own_asks or (context.asks if borrows else ())
            state.search_text = search_text(question.text, context, True)

    def _follow_up_topic(
        self, question: Question, prediction: Prediction, limits: Thresholds, state: TurnState
    ) -> str | None:
        """The conversation's topic when the message is a follow-up to it; else None (and the
        state forgets the context it borrowed)."""
        topic = question.context.topic
        context_asks = question.context.asks
        if not state.follow_up or topic is None or not self.book.has(topic):
            return None
        # "hvem skal jeg kontakte" names no new subject: whoever handles this topic
        said = state.topic_text or question.text  # without a leading "ok tak."
        own_words = subject_words(
            without_person_state(said) if topic not in PENSION_TOPICS else said
        )
        # "kan jeg låne den i et halvt år" is still about the aid, however library-like it is;
        # "og hvis hun hverken har pas eller kørekort" after MitID puts a condition on it
        back = refers_back(question.text)
        firm = back or states_condition(question.text)
        needed = limits.switch_topic_back if firm else limits.switch_topic
        switches = (
            len(own_words) >= (2 if back else 1)
            and prediction.label not in (OUT_OF_SCOPE, topic)
            and prediction.confidence >= needed
        )
        if switches:
            state.follow_up = False
            state.search_text = question.text
            # "og frokosten i cafeen?" after a price: the same question about something new
            state.asks = state.own_asks or (context_asks if continues(question.text) else ())
            return None
        return topic

    def decide(
        self, question: Question, prediction: Prediction, limits: Thresholds, state: TurnState
    ) -> Answer | None:
        top, p1 = prediction.label, prediction.confidence
        second, p2 = prediction.runner_up
        previous = question.context.topic if self.book.has(question.context.topic or "") else None
        likely = dict(prediction.ranked[:3])
        if top == OUT_OF_SCOPE:
            return None
        close = (
            second != OUT_OF_SCOPE
            and p2 >= limits.clarify_floor
            and p1 - p2 < limits.clarify_margin
            and self.book.has(second)
        )
        if close and GREETING in (top, second) and len(question.text.split()) > GREETING_WORDS:
            # "hi, is there a shelter close to the water ...": a greeting before a question is
            # no topic to offer; the pages may answer it
            close = False
        if close:
            if previous in (top, second):
                # unclear on its own, but one of the two is what the conversation is about
                return self.choice.answer(question, previous, prediction, limits, state)
            clarification = clarify_topics(self.book, question, [top, second], p1)
            if state.asks:
                # a question for a fact: the tenant's pages may hold it; ask only if not
                state.deferred = clarification
                return None
            return clarification
        if p1 >= limits.accept and self.book.has(top):
            answer = self.choice.answer(question, top, prediction, limits, state)
            return self._power_of_attorney(question, top, p1, state, answer) or answer
        if previous is not None and previous in likely:
            # a message that is unclear alone stays on the conversation's topic (quick replies)
            return self.choice.answer(question, previous, prediction, limits, state)
        if p1 >= limits.likely_topic and self.book.has(top) and not state.follow_up:
            state.likely = self.choice.answer(question, top, prediction, limits, state)
        return None


def _names(asked: set[str], label: list[str]) -> bool:
    """Every asked word is a word of the label, or begins one ("complain": "complaints")."""
    return all(
        any(word == own or (len(word) >= 4 and own.startswith(word)) for own in label)
        for word in asked
    )
