"""The web pages of `harness serve`: a Flask app over one results index and one bundles folder.

Pages (all GET; every value from the index travels in a query string, never in a path):
  /                runs by night (UTC day a run started), newest first
  /apps            every app, with its latest session
  /app?name=A      one app's history: each session's version, outcome and findings per rule
  /run?id=R        one suite run (or single run): its sessions, retries included
  /report?session=S  that session's sealed report.html, as the bundle holds it
  /diff?run=R&base=B  new, fixed and unchanged findings (harness.results.diff)
  /rules           findings per rule per night over the last nights
Read-only: any other method is refused (405) and the index is opened read-only.
Every value shown comes from the index or a bundle, written by an app under test: Jinja2
escapes all of it, and the Content-Security-Policy allows no script at all (the pages have
none), so a mistake in escaping still could not run an app's text. A report is sent with
its own meta policy plus a sandboxing header policy (see `REPORT_POLICY`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask, Response, abort, render_template, request
from werkzeug.exceptions import HTTPException

from harness import __version__
from harness.errors import InputError
from harness.results.diff import DiffStatus, diff_runs
from harness.results.history import (
    app_history,
    apps,
    nights,
    rule_trend,
    run_by_id,
    run_sessions,
    session_by_id,
)
from harness.results.query import ResultFilter, findings, resolve_run, sessions, suite_runs
from harness.results.records import SuiteRunRow
from harness.results.store import ResultsIndex
from harness.serve.bundles import NotServed, read_report

PAGE_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The report carries its own stricter meta policy (its stylesheet by hash); the header adds
# a sandbox (an opaque origin, no script, no form) in case a bundle's report lacks one.
REPORT_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'; sandbox"
)
_READ_METHODS = frozenset({"GET", "HEAD"})


def create_app(index: ResultsIndex, bundles: Path) -> Flask:
    """The pages over `index` (opened read-only by the caller) and the bundles under `bundles`."""
    app = Flask(__name__)
    app.jinja_env.autoescape = True  # templates end in .html.j2, not auto-detected by Flask
    app.jinja_env.filters["when"] = _when
    app.jinja_env.globals["harness_version"] = __version__
    bundles_root = bundles.resolve()

    @app.before_request
    def _read_only() -> None:
        if request.method not in _READ_METHODS:
            abort(405, "this server only reads: GET and HEAD")

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(HTTPException)
    def _error(exc: HTTPException) -> tuple[str, int]:
        return render_template(
            "error.html.j2", code=exc.code, name=exc.name, message=exc.description
        ), exc.code or 500

    @app.get("/")
    def night_list() -> str:
        return render_template("nights.html.j2", nights=nights(index), title="Runs by night")

    @app.get("/apps")
    def app_list() -> str:
        return render_template("apps.html.j2", apps=apps(index), title="Apps")

    @app.get("/app")
    def app_page() -> str:
        name = _param("name")
        history = app_history(index, name)
        if history is None:
            abort(404, f"no session of an app named “{name}” in the index")
        return render_template("app.html.j2", history=history, title=f"App {name}")

    @app.get("/run")
    def run_page() -> str:
        run = _run(_param("id"))
        rows = run_sessions(index, run.id)
        others = suite_runs(index, limit=100)
        return render_template(
            "run.html.j2", run=run, sessions=rows, others=others, title=f"Run {run.id}"
        )

    @app.get("/report")
    def report_page() -> Response:
        session_id = _param("session")
        session = session_by_id(index, session_id)
        if session is None:
            abort(404, f"no session “{session_id}” in the index")
        try:
            report = read_report(bundles_root, session.bundle)
        except NotServed as exc:
            abort(404, f"the report of session “{session_id}” is not served: {exc}")
        response = Response(report.body, mimetype="text/html")
        response.headers["Content-Security-Policy"] = REPORT_POLICY
        return response

    @app.get("/diff")
    def diff_page() -> str:
        runs = suite_runs(index, limit=100)
        current_id = request.args.get("run", "")
        if not current_id:
            return render_template("diff.html.j2", runs=runs, diffs=None, title="Diff")
        current = _run(current_id)
        base_id = request.args.get("base", "")
        if base_id:
            baseline = _run(base_id)
        else:
            try:
                baseline = resolve_run(index, "previous", suite=current.suite, before=current)
            except InputError as exc:
                abort(404, exc.describe())
        base_filter = ResultFilter(suite_run=baseline.id, final_only=True, limit=None)
        cur_filter = ResultFilter(suite_run=current.id, final_only=True, limit=None)
        diffs = diff_runs(
            sessions(index, base_filter),
            findings(index, base_filter),
            sessions(index, cur_filter),
            findings(index, cur_filter),
        )
        return render_template(
            "diff.html.j2",
            runs=runs,
            diffs=diffs,
            current=current,
            baseline=baseline,
            status=DiffStatus,
            title=f"Diff {baseline.id} → {current.id}",
        )

    @app.get("/rules")
    def rules_page() -> str:
        return render_template("rules.html.j2", trend=rule_trend(index), title="Rules' trend")

    def _run(run_id: str) -> SuiteRunRow:
        run = run_by_id(index, run_id)
        if run is None:
            abort(404, f"no run “{run_id}” in the index")
        return run

    return app


def _param(name: str) -> str:
    value = request.args.get(name, "")
    if not value:
        abort(400, f"expected the query parameter “{name}”")
    return value


def _when(epoch: float | None) -> str:
    if not epoch:
        return "—"
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
