from __future__ import annotations

import json
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
DEMO = RAIZ / "ejemplos" / "demo"
INVALIDOS = RAIZ / "ejemplos" / "invalidos"


@pytest.fixture
def correr():
    """Ejecuta la CLI en el mismo proceso y devuelve (código, stdout, stderr)."""
    from typer.testing import CliRunner

    from informe.cli import app

    runner = CliRunner()

    def _correr(*args: str):
        r = runner.invoke(app, [str(a) for a in args])
        if r.exception and not isinstance(r.exception, SystemExit):
            raise r.exception
        return r.exit_code, r.stdout, r.stderr

    return _correr


@pytest.fixture
def correr_json(correr):
    def _correr(*args: str):
        codigo, salida, _ = correr(*args)
        return codigo, json.loads(salida)

    return _correr


def escribir(ruta: Path, texto: str | bytes) -> Path:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(texto, bytes):
        ruta.write_bytes(texto)
    else:
        ruta.write_text(texto, encoding="utf-8")
    return ruta


PERIODO_MAYO = "numero: 6\ninicio: 2024-04-24\nfin: 2024-05-21\n"
PERIODO_ABRIL = "numero: 5\ninicio: 2024-03-14\nfin: 2024-04-23\n"


@pytest.fixture(autouse=True, scope="session")
def _cache_aislada(tmp_path_factory):
    """Los tests no escriben en ~/.cache: usan una caché propia de la sesión."""
    import os

    from informe import cache

    os.environ["INFORME_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    cache.carpeta.cache_clear()
    yield
