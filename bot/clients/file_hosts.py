"""Where the bot token may go: Slack's own hosts over https, and the origin of SLACK_API_URL.

A file object's `url_private_download` is data Slack (or whoever wrote the event) sends us;
the token is only attached to a URL this policy allows, at every hop of a redirect.

Slack serves hosted files from `files.slack.com` (`url_private`, `url_private_download`) and
redirects some of them to another `*.slack.com` file host (`files-origin.slack.com`), which
needs the token too; GovSlack's files live under `slack-gov.com`, public file links under
`slack-files.com`. Every host under these domains is Slack's own, so the token goes to them
and to nothing else. `slack-edge.com` is Slack's CDN for static assets and avatars, never for
private files, so it gets no token. SLACK_API_URL's exact origin (scheme, host and port) is
trusted as well, so a proxy in front of Slack, or a fake one in tests, works.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from urllib3.util import parse_url

SLACK_FILE_DOMAINS = ("slack.com", "slack-gov.com", "slack-files.com")
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        default = DEFAULT_PORTS.get(self.scheme)
        return self.host if self.port == default else f"{self.host}:{self.port}"


def origin(url: str) -> Origin | None:
    """The (scheme, host, port) a request to `url` really goes to; None for anything odd: no
    host, credentials in the URL, or a URL two parsers read differently."""
    if "\\" in url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
        other = parse_url(url)  # what requests and urllib3 will connect to
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not host or "@" in parts.netloc:
        return None
    port = port if port is not None else DEFAULT_PORTS[scheme]
    other_host = (other.host or "").lower().strip("[]").rstrip(".")
    other_port = other.port if other.port is not None else DEFAULT_PORTS[scheme]
    if (other_host, other_port) != (host, port):
        return None
    return Origin(scheme, host, port)


def describe_host(url: str) -> str:
    """The host (and port, if not the default) of `url`, for a log line; never the path, which
    holds the file's name."""
    found = origin(url)
    if found is not None:
        return str(found)
    try:
        return urlsplit(url).hostname or "no host"
    except ValueError:
        return "unreadable URL"


def is_slack_host(host: str) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in SLACK_FILE_DOMAINS)


class TokenPolicy:
    """Decides, URL by URL, whether the bot token may be sent there."""

    def __init__(self, api_url: str) -> None:
        self.api_origin = origin(api_url)

    def allows(self, url: str) -> bool:
        found = origin(url)
        if found is None:
            return False
        if found == self.api_origin:
            return True
        return found.scheme == "https" and found.port == 443 and is_slack_host(found.host)
