"""The embedded default for a newcomer: DEBUG on, no services needed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
