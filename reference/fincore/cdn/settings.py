"""CDN configuration, from arguments or ``FINCORE_CDN_*`` environment variables."""

import tempfile
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from fincore.common.sdk_dist import default_dist_dir


class CDNSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FINCORE_CDN_")

    data_dir: Path = Field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="fincore-cdn-")))
    # The build to serve (``node sdk/build.mjs`` output).
    dist_dir: Path = Field(default_factory=default_dist_dir)
