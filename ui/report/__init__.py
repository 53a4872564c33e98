"""The report window (報告): the period's report previewed, printed and saved."""
