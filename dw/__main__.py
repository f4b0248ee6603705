from dw.cli import app

app()
