"""Settings from the environment, in one place."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///jianguan.db"
    secret_key: str = ""
    environment: str = "development"  # development | production | test
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_nodes: int = 500_000
    max_page_size: int = 100
    session_max_age: int = 8 * 3600
    https_only_cookies: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def debug(self) -> bool:
        return self.environment != "production"

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = os.environ
        values = dict(
            database_url=env.get("DATABASE_URL", cls.database_url),
            secret_key=env.get("SECRET_KEY", ""),
            environment=env.get("JIANGUAN_ENV", "development"),
            max_depth=int(env.get("GRAPHQL_MAX_DEPTH", cls.max_depth)),
            max_aliases=int(env.get("GRAPHQL_MAX_ALIASES", cls.max_aliases)),
            max_tokens=int(env.get("GRAPHQL_MAX_TOKENS", cls.max_tokens)),
            max_nodes=int(env.get("GRAPHQL_MAX_NODES", cls.max_nodes)),
            https_only_cookies=env.get("JIANGUAN_ENV") == "production",
        )
        values.update(overrides)
        settings = cls(**values)
        return settings.checked()

    def checked(self) -> "Settings":
        if self.environment == "production":
            if len(self.secret_key) < 32 or self.secret_key in {"changeme", "secret", "development"}:
                raise SettingsError("SECRET_KEY must be set to a random value of at least 32 characters in production")
            return self
        if not self.secret_key:
            return Settings(**{**self.__dict__, "secret_key": secrets.token_urlsafe(32)})
        return self
