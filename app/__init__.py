"""SaoLưu — scanning workstation for archives' backup copies."""

__version__ = "0.1.0"
