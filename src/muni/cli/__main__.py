from muni.cli import app

app()
