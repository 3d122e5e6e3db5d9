"""One module per `harness` subcommand (see harness.cli).

May import: anything: a command is the top of the package (one module per subcommand), and
nothing imports a command but harness.cli.

`harness --help` imports every module here to build its parser, so a command module imports
at its top only the standard library and light harness modules (errors, paths, model, and
parser helpers such as harness.results.location); its machinery (the session, Frida,
mitmproxy, SQLAlchemy, the report's Jinja2, the APK reader) is imported inside the handler
that uses it. tests/test_cli_imports.py keeps it so; benchmarks/cli_startup.py times it.
"""
