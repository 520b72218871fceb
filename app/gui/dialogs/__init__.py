"""The workstation's dialogs, each in its own module, opened from the main window's menus."""
