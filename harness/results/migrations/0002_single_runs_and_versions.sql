-- 0002: individual `harness run`s are indexed too, and every session says which build it tested.
-- A single run is a suite run of kind 'run' holding one session (kind 'suite' for the rest,
-- so nightly comparisons keep to suites); version and version_code are the tested build's
-- (an APK's versionName and versionCode; '' when the bundle does not say, as for lab apps).

ALTER TABLE suite_runs ADD COLUMN kind VARCHAR(10) NOT NULL DEFAULT 'suite';
ALTER TABLE sessions ADD COLUMN version VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN version_code VARCHAR(40) NOT NULL DEFAULT '';
CREATE INDEX ix_suite_runs_kind_started ON suite_runs (kind, started);
