"""The self-government writes other apps call; each lives in its sub-domain's actions module."""

from linli.governance.elections.actions import election_announce

__all__ = ["election_announce"]
