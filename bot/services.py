"""The long-lived objects of one process, built once from Settings: the clients, the
engine, the pipeline, and (for `serve`) the store, the job runner and the executors."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.clients.assemblyai import AssemblyAIClient
from bot.clients.gateway import GatewayClient, Priority
from bot.clients.ratelimit import Limiter, RateLimiter
from bot.clients.slack import SlackIO
from bot.config import Settings
from bot.fairness import Fairness
from bot.jobs.leased import LeasedJobRunner
from bot.jobs.runner import JobRunner
from bot.pipeline import Pipeline
from bot.previews import PreviewRecords
from bot.redaction import Redactor
from bot.redaction.ner import GatewayNer
from bot.reviews.desk import ReviewDesk
from bot.reviews.records import ReviewRecords
from bot.reviews.vault import Vault
from bot.store import Store, open_store

log = logging.getLogger(__name__)


def build_limiter(settings: Settings, store: Store | None = None) -> Limiter:
    """The gateway's rate limiter: in the database for all replicas when the store is
    PostgreSQL's (the limit is per account and model), else in this process."""
    limit = settings.llm_gateway_requests_per_minute
    period = settings.llm_gateway_rate_window_seconds
    shared = getattr(store, "rate_limiter", None)
    if shared is not None:
        return shared(f"llm-gateway:{settings.llm_gateway_model}", limit, period)
    return RateLimiter(limit, period)


def build_gateway(settings: Settings, limiter: Limiter | None = None) -> GatewayClient:
    assert settings.assemblyai_api_key, "ASSEMBLYAI_API_KEY is checked by load_settings"
    return GatewayClient(
        base_url=settings.llm_gateway_base_url,
        api_key=settings.assemblyai_api_key,
        model=settings.llm_gateway_model,
        timeout=settings.llm_gateway_timeout,
        max_retries=settings.llm_gateway_max_retries,
        concurrency=settings.ner_concurrency,
        rate_limiter=limiter or build_limiter(settings),
    )


# `/redact` asks again about at most this many sentences, so its cost stays bounded: with
# REDACT_MAX_SENTENCES=100, 4 windows + 1 second look + these.
REDACT_MAX_REASKS = 2


def build_redactor(
    settings: Settings,
    gateway: GatewayClient | None = None,
    *,
    priority: Priority = Priority.BACKGROUND,
    max_reasks: int | None = None,
) -> Redactor:
    """A Redactor; several may share one `gateway`, each asking with its own `priority`."""
    gateway = gateway or build_gateway(settings)
    return Redactor(
        GatewayNer(gateway, priority=priority),
        style=settings.redact_style,
        sentences_per_request=settings.ner_sentences_per_request,
        concurrency=settings.ner_concurrency,
        verify=settings.ner_verify,
        verify_sentences_per_request=settings.ner_verify_sentences_per_request,
        max_reasks=settings.ner_max_reasks if max_reasks is None else max_reasks,
    )


def build_assemblyai(settings: Settings) -> AssemblyAIClient:
    assert settings.assemblyai_api_key, "ASSEMBLYAI_API_KEY is checked by load_settings"
    return AssemblyAIClient(
        base_url=settings.assemblyai_base_url,
        api_key=settings.assemblyai_api_key,
        max_retries=settings.assemblyai_max_retries,
        poll_interval=settings.transcribe_poll_interval,
        poll_max_interval=settings.transcribe_poll_max_interval,
    )


def build_pipeline(settings: Settings, redactor: Redactor | None = None) -> Pipeline:
    return Pipeline(build_assemblyai(settings), redactor or build_redactor(settings), settings)


def build_slack_client(settings: Settings) -> WebClient:
    assert settings.slack_bot_token, "SLACK_BOT_TOKEN is checked by load_settings"
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=30,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=5),
        ],
    )


@dataclass
class Services:
    """What the Slack app's listeners use."""

    settings: Settings
    store: Store
    previews: PreviewRecords
    client: WebClient
    redactor: Redactor  # for `/redact`: its gateway requests go ahead of recordings'
    runner: JobRunner
    quick: ThreadPoolExecutor  # `/redact` redactions, apart from Bolt's and the jobs' threads
    buttons: ThreadPoolExecutor  # Post and Discard: never queued behind a redaction
    fairness: Fairness
    slack: SlackIO  # posting, editing and uploading in threads and conversations
    reviews: ReviewDesk
    # Review modals: their original is fetched from AssemblyAI, their text redacted.
    review_work: ThreadPoolExecutor

    def close(self, grace: float) -> bool:
        """Let the listeners' work in hand finish, for up to `grace` seconds, then close the
        store: a share or a Post that reached Slack must still record it (a closed pool
        refuses). False if some work was still running: the store stays open for it."""
        pools = (self.quick, self.buttons, self.review_work)
        finishing = threading.Thread(
            target=lambda: [pool.shutdown(wait=True) for pool in pools],
            name="finish-listener-work",
            daemon=True,
        )
        finishing.start()
        finishing.join(grace)
        if finishing.is_alive():
            return False
        self.store.close()
        return True


def build_runner(
    store: Store,
    pipeline: Pipeline,
    slack_io: SlackIO,
    settings: Settings,
    gateway: GatewayClient,
    reviews: ReviewDesk,
) -> JobRunner:
    """The job runner: taking jobs by lease when replicas share PostgreSQL."""
    common = {"gateway_wait": gateway.rate_limit_wait, "reviews": reviews}
    if store.leases is not None:
        return LeasedJobRunner(store, pipeline, slack_io, settings, leases=store.leases, **common)
    return JobRunner(store, pipeline, slack_io, settings, **common)


def build_services(settings: Settings) -> Services:
    """Everything but the Bolt app. Raises StoreError when DATA_DIR or DATABASE_URL cannot
    be used."""
    assert settings.slack_bot_token, "SLACK_BOT_TOKEN is checked by load_settings"
    store = open_store(settings)
    client = build_slack_client(settings)
    # One gateway client for jobs and /redact: its limiter is the account's limit (shared
    # by all replicas with PostgreSQL). Two redactors share it, each with its own priority.
    gateway = build_gateway(settings, build_limiter(settings, store))
    interactive = build_redactor(
        settings,
        gateway,
        priority=Priority.INTERACTIVE,
        max_reasks=min(settings.ner_max_reasks, REDACT_MAX_REASKS),
    )
    pipeline = build_pipeline(
        settings, build_redactor(settings, gateway, priority=Priority.BACKGROUND)
    )
    slack_io = SlackIO(client, settings.slack_bot_token, api_url=settings.slack_api_url)
    reviews = ReviewDesk(
        ReviewRecords(store), Vault(settings.review_encryption_key), pipeline, settings
    )
    runner = build_runner(store, pipeline, slack_io, settings, gateway, reviews)
    if settings.database_url and settings.review_ttl_hours and not settings.review_encryption_key:
        log.warning(
            "REVIEW_ENCRYPTION_KEY is not set: text reviews keep their original in this "
            "replica's memory, and a click another replica receives finds it gone; give "
            "every replica the same key"
        )
    return Services(
        settings,
        store,
        PreviewRecords(store),
        client,
        interactive,
        runner,
        quick=ThreadPoolExecutor(4, thread_name_prefix="redact-command"),
        buttons=ThreadPoolExecutor(4, thread_name_prefix="button"),
        fairness=Fairness(),
        slack=slack_io,
        reviews=reviews,
        review_work=ThreadPoolExecutor(4, thread_name_prefix="review"),
    )
