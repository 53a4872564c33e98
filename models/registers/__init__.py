"""The secretary's registers (SPEC §2.1 follow-ups, §2.3, §2.4): one module per register."""
