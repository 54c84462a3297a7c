"""``python -m tpmfolio`` runs the same CLI as the ``tpmfolio`` command."""

from .cli import cli

if __name__ == "__main__":  # pragma: no cover
    cli(prog_name="tpmfolio")
