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


def leer_md(ruta: Path) -> str:
    """El informe en Markdown como lo lee una persona: sus espacios duros (fechas y cifras que no se separan
    de sus palabras, lengua.juntar_markdown) como espacios. Los tests de ese mecanismo leen el archivo tal cual."""
    return ruta.read_text(encoding="utf-8").replace("\u00a0", " ")


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
    cache.reiniciar()
    yield


def _plano(nodos) -> str:
    """Texto de una lista de inlines o bloques del AST de pandoc: párrafos separados por «\\n»."""
    partes = []
    for n in nodos:
        t = n.get("t")
        if t == "Str":
            partes.append(n["c"])
        elif t in ("Space", "SoftBreak"):
            partes.append(" ")
        elif t == "LineBreak":
            partes.append("\n")
        elif t in ("Para", "Plain"):
            partes.append(("\n" if partes else "") + _plano(n["c"]))
        elif t in ("Emph", "Strong", "Span", "Underline", "SmallCaps"):
            partes.append(_plano(n["c"] if t not in ("Span",) else n["c"][1]))
        elif t == "Code":
            partes.append(n["c"][1])
        elif t == "Link":
            partes.append(_plano(n["c"][1]))
        elif t == "Quoted":
            partes.append(_plano(n["c"][1]))
        elif t == "Note":
            pass
    return "".join(partes)


def tablas_md(markdown: str) -> list[dict]:
    """Las tablas de un Markdown, como las lee pandoc: {"leyenda", "encabezado", "filas"} de texto plano."""
    import pypandoc

    ast = json.loads(pypandoc.convert_text(markdown, "json", format="markdown-smart"))
    tablas = []

    def recorrer(bloques):
        for b in bloques:
            if b.get("t") == "Table":
                _, leyenda, _, cabeza, cuerpos, _ = b["c"]
                celdas = lambda fila: [_plano(c[4]) for c in fila[1]]
                filas = [celdas(f) for cuerpo in cuerpos for f in cuerpo[3]]
                tablas.append({"leyenda": _plano(leyenda[1]), "encabezado": [celdas(f) for f in cabeza[1]],
                               "filas": filas})
            elif b.get("t") in ("Div", "BlockQuote"):
                recorrer(b["c"][1] if b["t"] == "Div" else b["c"])

    recorrer(ast["blocks"])
    return tablas


def tabla_md(markdown: str, leyenda: str) -> list[list[str]]:
    """Las filas de la única tabla cuya leyenda contiene `leyenda`."""
    halladas = [t for t in tablas_md(markdown) if leyenda in t["leyenda"]]
    assert len(halladas) == 1, [t["leyenda"] for t in tablas_md(markdown)]
    return halladas[0]["filas"]


@pytest.fixture
def cache_propia(tmp_path, monkeypatch):
    """Una caché nueva en tmp_path para la prueba (la del proceso se cierra antes y después)."""
    from informe import cache

    carpeta = tmp_path / "cache"
    monkeypatch.setenv("INFORME_CACHE", str(carpeta))
    cache.reiniciar()
    yield carpeta
    monkeypatch.undo()
    cache.reiniciar()


# Chromium para los tests de páginas: tests/navegador.py
from navegador import navegador, pagina  # noqa: E402,F401
