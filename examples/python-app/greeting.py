"""The greeting the app answers with. Change VERSION, rebuild, and the new text shows."""

VERSION = "1.0"


def greeting() -> str:
    """The line the app prints at start and answers every request with."""
    return f"Bonjour from app version {VERSION}"
