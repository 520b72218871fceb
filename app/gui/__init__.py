"""The workstation window: the only package that imports PySide6 (see DESIGN.md §2).

Qt classes here are thin: they render what ``app.workflow`` returns and run long work on worker threads.
"""
