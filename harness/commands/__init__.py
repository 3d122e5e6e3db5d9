"""One module per `harness` subcommand (see harness.cli)."""
