"""Use cases shared by the CLI and the window: each call is one user action."""
