"""The database tables. Every row that belongs to a tenant carries `tenant_id`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class TenantRow(Base):
    __tablename__ = "tenants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[str] = mapped_column(String(4))
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ContentTopicRow(Base):
    """A shared topic document: label, answer texts, links, quick replies, variables."""

    __tablename__ = "content_topics"
    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    area: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    document: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ContentOverrideRow(Base):
    """A tenant's local version of some fields of a topic's answer."""

    __tablename__ = "content_overrides"
    __table_args__ = (UniqueConstraint("tenant_id", "topic"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # hash of the shared topic the override was written against: differs → flag for review
    shared_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class PhrasingRow(Base):
    """A training phrasing: topic slug (or `__oos__` for out-of-scope examples) and the
    sub-answer it asks for ("" for the topic's overview)."""

    __tablename__ = "content_phrasings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), index=True)
    sub_answer: Mapped[str] = mapped_column(String(64), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)


class ContentMetaRow(Base):
    __tablename__ = "content_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class ConversationRow(Base):
    __tablename__ = "conversations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32), default="web")
    channel_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str] = mapped_column(String(8), default="da")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rating_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # the citizen said yes to the anonymised training corpus (off by default)
    corpus_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # the pseudonym of the citizen who logged in during the conversation (never a CPR number)
    citizen_subject: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # what the next message may refer to: topic, sub-answer, fact kind, last cited page
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class TurnRow(Base):
    """One citizen question (redacted) and muni's answer."""

    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        # a message sent again with its id is answered once (conversations/turns.py)
        Index("uq_turns_conversation_message", "conversation_id", "message_id", unique=True),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    question: Mapped[str] = mapped_column(Text)
    redacted_kinds: Mapped[str] = mapped_column(String(100), default="")
    answer: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    vote: Mapped[int | None] = mapped_column(Integer, nullable=True)  # +1 helpful, -1 not
    vote_comment: Mapped[str | None] = mapped_column(Text, nullable=True)  # redacted
    # the digest of the id the client gave the message (`message_key`), so that the same
    # message sent again gets this answer back instead of a second turn; None without an id
    message_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class PageRow(Base):
    """A crawled web page of a tenant, with what conditional GET and re-crawls need."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("tenant_id", "url"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(500), default="")
    breadcrumb: Mapped[list[Any]] = mapped_column(JSON, default=list)
    etag: Mapped[str | None] = mapped_column(String(300), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(100), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)
    topic: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated: Mapped[str | None] = mapped_column(String(10), nullable=True)  # page's own date
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PassageRow(Base):
    """A chunk of a page under one heading path; the unit of search and citation."""

    __tablename__ = "passages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    heading_path: Mapped[list[Any]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(String(64), nullable=True)  # from its headings
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class FactSentenceRow(Base):
    """A sentence of a passage that states a fact (a price, a deadline, opening hours ...),
    with the kinds of value it states: looked up by meaning when a question asks a fact."""

    __tablename__ = "fact_sentences"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kinds: Mapped[str] = mapped_column(String(200))  # comma-separated fact kinds
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class SearchStateRow(Base):
    """Bumped whenever a tenant's pages change, so every worker knows to reload its index."""

    __tablename__ = "search_state"
    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FactDisagreementRow(Base):
    """A local fact where the curated value and the tenant's own page differ (for editors).
    One row per (variable, page value, page); seen again, it only moves `last_seen`."""

    __tablename__ = "fact_disagreements"
    __table_args__ = (UniqueConstraint("tenant_id", "variable", "page_value", "url"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(64))
    variable: Mapped[str] = mapped_column(String(100))
    curated_value: Mapped[str] = mapped_column(String(500))
    page_value: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    times: Mapped[int] = mapped_column(Integer, default=1)


class GuardEventRow(Base):
    """A guard that fired on a turn: a safety class (emergency, abuse ...) or an input check
    (empty, too long, gibberish), with the redacted question only. For the statistics."""

    __tablename__ = "guard_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20))  # rules | classifier | both | input
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)  # a topic answer followed
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class StaffRow(Base):
    """A member of staff: platform admin or central editor (no tenant), or a municipality's
    superuser, agent (live chat) or viewer. Logs in with a password (scrypt hash) or through
    the staff OIDC provider (matched on `oidc_subject`, first on e-mail)."""

    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("tenant_id", "username"),
        Index(
            "ix_staff_central_username",
            "username",
            unique=True,
            sqlite_where=text("tenant_id IS NULL"),
            postgresql_where=text("tenant_id IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True, nullable=True
    )
    username: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(100), default="borgerservice")
    password_hash: Mapped[str | None] = mapped_column(String(300), nullable=True)
    role: Mapped[str] = mapped_column(String(20), default="agent", server_default="agent")
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    oidc_subject: Mapped[str | None] = mapped_column(
        String(200), nullable=True, unique=True, index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class HandoffRow(Base):
    """A conversation waiting for, or being served by, a person."""

    __tablename__ = "handoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    team: Mapped[str] = mapped_column(String(100), default="borgerservice")
    reason: Mapped[str] = mapped_column(String(40), default="asked")
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LiveMessageRow(Base):
    """A message in the live chat between citizen and agent (citizen text redacted)."""

    __tablename__ = "live_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    handoff_id: Mapped[int] = mapped_column(
        ForeignKey("handoffs.id", ondelete="CASCADE"), index=True
    )
    sender: Mapped[str] = mapped_column(String(10))  # citizen | agent | system
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200), nullable=True)  # agent's name
    author_role: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CallbackRow(Base):
    """A request to be called back. Contact details live only here, never in transcripts,
    are readable only by the tenant's agents, and are deleted after the retention period."""

    __tablename__ = "callbacks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(50))
    preferred_time: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delete_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class UsageCounterRow(Base):
    """How often something happened in one fixed time window (abuse limits, login throttling).
    `key` is a keyed hash of what is counted ("conversations per IP 10.0.0.1"), so no IP
    address or username is stored; rows of past windows are deleted as new ones come."""

    __tablename__ = "usage_counters"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True)  # epoch seconds
    expires_at: Mapped[int] = mapped_column(Integer, index=True)  # epoch seconds
    count: Mapped[int] = mapped_column(Integer, default=0)


class StaffSessionRow(Base):
    """A logged-in member of staff. The cookie holds a random token; only its SHA-256 is
    stored, so a copy of the database cannot log anyone in. Logging out deletes the row."""

    __tablename__ = "staff_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class JobRow(Base):
    """A background job (crawl, retrain, purge). `lock_key` is set while the job is queued
    or running and unique, so two instances can never run the same tenant's crawl at once;
    `once_key` stays, so every instance's scheduler may try to enqueue the nightly crawl and
    only the first succeeds."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))  # queued, running, done, failed
    lock_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    once_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    payload: Mapped[str | None] = mapped_column(Text)  # JSON arguments (a crawl's start URLs)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    run_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(80))
    progress: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """An action of a member of staff: logins, account and content changes, publishes,
    exports, erasures, and every view of a conversation's transcript."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    actor: Mapped[str] = mapped_column(String(100))  # username, kept after the account goes
    role: Mapped[str] = mapped_column(String(20))
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True, nullable=True
    )
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(300), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ContentChangeRow(Base):
    """One edit of the content: a shared topic or sub-answer (tenant_id empty), a tenant's
    local override or variables, or phrasings. `before`/`after` are the whole edited
    document, so a change can be shown as a diff and rolled back. Drafts wait for a publish."""

    __tablename__ = "content_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    author: Mapped[str] = mapped_column(String(100))
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True, nullable=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # topic | override | phrasings
    topic: Mapped[str] = mapped_column(String(64))
    sub_answer: Mapped[str] = mapped_column(String(64), default="", server_default="")
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # draft|published|blocked|...
    publish_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")


class ContentPublishRow(Base):
    """A publish of drafts: retrain, run the eval sets, and go live only if the gate passes."""

    __tablename__ = "content_publishes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    author: Mapped[str] = mapped_column(String(100))
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16))  # running | passed | blocked | failed
    job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fingerprint: Mapped[str | None] = mapped_column(String(80), nullable=True)
    report: Mapped[Any] = mapped_column(JSON, nullable=True)


class InboxQuestionRow(Base):
    """A citizen question muni did not answer well (unanswered, low confidence, clarified,
    handed over, low rating), redacted like the transcript, with its e5 vector for
    clustering. Deleted with its conversation (retention)."""

    __tablename__ = "inbox_questions"
    __table_args__ = (UniqueConstraint("turn_id", "reason"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    turn_id: Mapped[int | None] = mapped_column(
        ForeignKey("turns.id", ondelete="CASCADE"), nullable=True
    )
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(String(64), nullable=True)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    status: Mapped[str] = mapped_column(
        String(16), default="open", server_default="open", index=True
    )
    handled_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# -- statistics (issue 11): aggregates that outlive the transcripts -------------------------
# Keyed by tenant and local day (Europe/Copenhagen); year, month and weekday are stored with
# the day so the dashboard can group by them on SQLite and PostgreSQL alike.


class StatsHourRow(Base):
    """What happened in one local hour of one tenant on one channel: conversations started,
    turns by status and origin, handoffs, ratings given."""

    __tablename__ = "stats_hours"
    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    conversations: Mapped[int] = mapped_column(Integer, default=0)
    contained: Mapped[int] = mapped_column(Integer, default=0)  # answered, no person
    synthetic: Mapped[int] = mapped_column(Integer, default=0)  # made by `muni stats generate`
    turns: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    unanswered: Mapped[int] = mapped_column(Integer, default=0)
    clarifications: Mapped[int] = mapped_column(Integer, default=0)
    fallbacks: Mapped[int] = mapped_column(Integer, default=0)
    guarded: Mapped[int] = mapped_column(Integer, default=0)
    curated: Mapped[int] = mapped_column(Integer, default=0)
    searched: Mapped[int] = mapped_column(Integer, default=0)
    generated: Mapped[int] = mapped_column(Integer, default=0)
    handoffs: Mapped[int] = mapped_column(Integer, default=0)
    rating_1: Mapped[int] = mapped_column(Integer, default=0)
    rating_2: Mapped[int] = mapped_column(Integer, default=0)
    rating_3: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    votes_up: Mapped[int] = mapped_column(Integer, default=0)  # "Hjalp svaret?" Ja, by answer time
    votes_down: Mapped[int] = mapped_column(Integer, default=0)


class StatsTopicRow(Base):
    """Turns answered with one topic and sub-answer ("" = the topic's overview) on one day."""

    __tablename__ = "stats_topics"
    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    sub_answer: Mapped[str] = mapped_column(String(64), primary_key=True)
    turns: Mapped[int] = mapped_column(Integer, default=0)


class StatsGuardRow(Base):
    """Guard events of one class (emergency, abuse, gibberish ...) on one day."""

    __tablename__ = "stats_guards"
    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    events: Mapped[int] = mapped_column(Integer, default=0)


class StatsDayRow(Base):
    """A local day of a tenant that has been rolled up, and when. `final`: rolled after the
    day (and a grace period) had ended, so its transcripts may be deleted."""

    __tablename__ = "stats_days"
    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    rolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    final: Mapped[bool] = mapped_column(Boolean, default=False)


class StatsTopicMonthRow(Base):
    """stats_topics summed per calendar month (`month` = its first day), so a period of years
    reads a few whole months instead of every day."""

    __tablename__ = "stats_topic_months"
    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    sub_answer: Mapped[str] = mapped_column(String(64), primary_key=True)
    turns: Mapped[int] = mapped_column(Integer, default=0)


class BookingRow(Base):
    """One booked place in muni's own calendar. A slot with capacity n has seats 0..n-1, and
    (tenant, location, starts_at, seat) is unique: concurrent bookings cannot overfill it."""

    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code", name="uq_bookings_code"),
        UniqueConstraint("tenant_id", "location", "starts_at", "seat", name="uq_bookings_seat"),
        Index("ix_bookings_when", "tenant_id", "location", "starts_at"),
        Index("ix_bookings_subject", "tenant_id", "subject"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16))
    service: Mapped[str] = mapped_column(String(64))
    location: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seat: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str | None] = mapped_column(String(64), nullable=True)
    conversation_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BookingContactRow(Base):
    """Name and phone for a booking: never in transcripts, deleted after `delete_after`."""

    __tablename__ = "booking_contacts"
    __table_args__ = (UniqueConstraint("tenant_id", "code", name="uq_booking_contacts_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    # the booking's code, not a key into `bookings`: a CalDAV calendar has no row there
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delete_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class CitizenSessionRow(Base):
    """A citizen logged in through the login broker: the hash of the cookie's token and the
    pseudonymous subject only (no name, no CPR number)."""

    __tablename__ = "citizen_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PickupDateRow(Base):
    """A waste collection day for one fraction at one address key (imported per tenant)."""

    __tablename__ = "pickup_dates"
    __table_args__ = (
        UniqueConstraint("tenant_id", "address_key", "fraction", "day", name="uq_pickup_day"),
        Index("ix_pickup_dates_key", "tenant_id", "address_key", "day"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    address_key: Mapped[str] = mapped_column(String(200))
    fraction: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="", server_default="")
