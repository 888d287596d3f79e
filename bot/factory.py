"""Builds the long-lived objects (clients, engine) from Settings, once per process."""

from __future__ import annotations

from bot.clients.assemblyai import AssemblyAIClient
from bot.clients.gateway import GatewayClient, Priority
from bot.clients.ratelimit import RateLimiter
from bot.config import Settings
from bot.pipeline import Pipeline
from bot.redaction import Redactor
from bot.redaction.ner import GatewayNer


def build_gateway(settings: Settings) -> GatewayClient:
    assert settings.assemblyai_api_key, "ASSEMBLYAI_API_KEY is checked by load_settings"
    return GatewayClient(
        base_url=settings.llm_gateway_base_url,
        api_key=settings.assemblyai_api_key,
        model=settings.llm_gateway_model,
        timeout=settings.llm_gateway_timeout,
        max_retries=settings.llm_gateway_max_retries,
        concurrency=settings.ner_concurrency,
        rate_limiter=RateLimiter(settings.llm_gateway_requests_per_minute, 60.0),
    )


def build_redactor(
    settings: Settings,
    gateway: GatewayClient | None = None,
    *,
    priority: Priority = Priority.BACKGROUND,
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
        max_reasks=settings.ner_max_reasks,
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
