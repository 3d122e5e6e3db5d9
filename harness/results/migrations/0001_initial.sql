-- 0001: suite runs, session attempts and their findings.
-- Portable SQL: SQLite and PostgreSQL both run this file unchanged. Times are epoch
-- seconds (DOUBLE PRECISION) so date filters are plain comparisons in either database.

CREATE TABLE suite_runs (
    id VARCHAR(80) PRIMARY KEY,
    suite VARCHAR(200) NOT NULL,
    host VARCHAR(200) NOT NULL,
    started DOUBLE PRECISION NOT NULL,
    ended DOUBLE PRECISION,
    jobs INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL
);
CREATE INDEX ix_suite_runs_suite_started ON suite_runs (suite, started);

-- One row per attempt: a job retried on another device has several, the last `final`.
CREATE TABLE sessions (
    id VARCHAR(400) PRIMARY KEY,
    suite_run VARCHAR(80) NOT NULL REFERENCES suite_runs (id),
    job VARCHAR(400) NOT NULL,
    app VARCHAR(200) NOT NULL,
    package VARCHAR(200) NOT NULL,
    scenario VARCHAR(200) NOT NULL,
    device VARCHAR(200) NOT NULL,
    host VARCHAR(200) NOT NULL,
    attempt INTEGER NOT NULL,
    final INTEGER NOT NULL,
    outcome VARCHAR(20) NOT NULL,
    error TEXT NOT NULL,
    bundle TEXT NOT NULL,
    run_id VARCHAR(80) NOT NULL,
    rule_pack VARCHAR(80) NOT NULL,
    started DOUBLE PRECISION NOT NULL,
    ended DOUBLE PRECISION NOT NULL,
    findings INTEGER NOT NULL
);
CREATE INDEX ix_sessions_suite_run ON sessions (suite_run);
CREATE INDEX ix_sessions_app_started ON sessions (app, started);
CREATE INDEX ix_sessions_device ON sessions (device);

CREATE TABLE findings (
    session VARCHAR(400) NOT NULL REFERENCES sessions (id),
    idx INTEGER NOT NULL,
    rule VARCHAR(100) NOT NULL,
    category VARCHAR(50) NOT NULL,
    phase VARCHAR(50) NOT NULL,
    severity VARCHAR(20) NOT NULL,
    collector VARCHAR(200) NOT NULL,
    title TEXT NOT NULL,
    regulation TEXT NOT NULL,
    first_ts DOUBLE PRECISION NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (session, idx)
);
CREATE INDEX ix_findings_rule ON findings (rule);
