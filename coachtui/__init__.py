"""coachtui: coaching one-on-ones, OKR scoring and feedback notes at the terminal."""

__version__ = "0.1.0"
