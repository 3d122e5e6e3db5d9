"""What `harness run` and `harness suite` show while they work, and what they say at the end.

On a terminal the state is redrawn in place (`live.LiveDisplay`); anywhere else (a nightly
CI log) each event is one timestamped line written as it happens (`live.EventLog`).
`run_progress` is a single session's state, `summary` the end-of-run summary read back from
the sealed bundle's report.json (the same verdict, findings and gaps the report shows).
"""
