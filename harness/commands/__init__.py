"""One module per `harness` subcommand (see harness.cli).

May import: anything: a command is the top of the package (one module per subcommand), and
nothing imports a command but harness.cli.
"""
