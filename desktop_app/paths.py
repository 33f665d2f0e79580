"""Where Paper Wealth keeps its files.

platformdirs gives the conventional per-user folders on Windows, macOS and
Linux (%LOCALAPPDATA%, ~/Library/Application Support, ~/.local/share), which
is where installed apps are expected to write, never beside the executable.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "PaperWealth"
DB_FILE_NAME = "paperwealth.sqlite3"
DB_ENV_VAR = "PAPERWEALTH_DB"


def user_data_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def resolve_db_path(cli_value: str | None) -> Path:
    """``--db`` first, then ``$PAPERWEALTH_DB``, then the user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / DB_FILE_NAME


CACHE_ENV_VAR = "PAPERWEALTH_CACHE_DIR"


def cache_dir() -> Path:
    """The app's cache folder (yfinance's timezone and cookie caches live here,
    not in the user's home default); ``$PAPERWEALTH_CACHE_DIR`` overrides it."""
    env = os.environ.get(CACHE_ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path(APP_DIR_NAME, appauthor=False)


CONFIG_ENV_VAR = "PAPERWEALTH_CONFIG_DIR"


def config_dir() -> Path:
    """The user's settings folder for Paper Wealth (saved import mappings live
    in it); ``$PAPERWEALTH_CONFIG_DIR`` overrides it."""
    env = os.environ.get(CONFIG_ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_DIR_NAME, appauthor=False)
