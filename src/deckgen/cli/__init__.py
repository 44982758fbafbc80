"""The cli stage: commands, progress, exit codes and error printing; no business logic."""
