"""Build helpers for the PyInstaller bundle (``build.spec``, ``make bundle``); not part of the installed app."""
