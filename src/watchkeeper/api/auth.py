"""Who may call the API: nobody needs a key until one is issued (or keys are required).

yente clients send ``Authorization: ApiKey <key>``; ``Bearer <key>`` is accepted too, as are
the key alone in ``X-API-Key``. A missing or unknown key is 401, a revoked one 403, so a
client can tell "log in" from "your access was withdrawn".
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request
from fastapi.security import APIKeyHeader

from watchkeeper.api.keys import KeyStore
from watchkeeper.api.middleware import LOG_SCOPE_KEY

AUTHORIZATION = APIKeyHeader(
    name="Authorization",
    auto_error=False,
    description="`ApiKey <key>` (as yente clients send it) or `Bearer <key>`.",
)
SCHEMES = ("apikey", "bearer")


def presented_key(request: Request) -> str | None:
    """The key a request carries, from ``Authorization`` or ``X-API-Key``."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() in SCHEMES and value.strip():
            return value.strip()
        return ""
    return request.headers.get("x-api-key")


@dataclass(frozen=True)
class KeyPolicy:
    """Whether and how requests are authenticated."""

    keys: KeyStore | None
    require: bool = False

    def required(self) -> bool:
        """Keys are required once any was issued (checked per request) or if configured."""
        return self.require or (self.keys is not None and self.keys.any_issued())

    def authenticate(self, request: Request) -> str | None:
        """The caller's key name; raises 401/403 when a key is required and not good."""
        if not self.required():
            return None
        key = presented_key(request)
        challenge = {"WWW-Authenticate": "ApiKey"}
        if not key:
            raise HTTPException(401, "an API key is required: Authorization: ApiKey KEY", challenge)
        if self.keys is None:
            raise HTTPException(401, "this API key is not valid", challenge)
        checked = self.keys.check(key)
        if checked.outcome == "revoked":
            raise HTTPException(403, "this API key has been revoked")
        if checked.outcome != "ok":
            raise HTTPException(401, "this API key is not valid", challenge)
        log_fields = request.scope.get(LOG_SCOPE_KEY)
        if isinstance(log_fields, dict):
            log_fields["key"] = checked.name
        return checked.name
