"""Chromium sin cabeza para los tests de páginas (formulario de la JLE, informe HTML, vista previa).

Playwright no puede descargar sus navegadores en estas máquinas: se usa el `chromium` de Debian con
`launch(executable_path=…)`. Sin chromium los tests se saltan con la orden que lo instala; en CI
(`CI=true`) un test de navegador saltado es una falla, porque `.ci/run` lo instala.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

INSTALAR = "apt-get install chromium && pip install -e '.[test]'"

# Sin estas banderas Chromium intenta conexiones de fondo (actualizaciones, sincronía) que la red
# cerrada rechaza; un test que mide «ninguna petición de red» no debe verlas.
BANDERAS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def ruta_chromium() -> str | None:
    propia = os.environ.get("INFORME_CHROMIUM")
    if propia:
        return propia if Path(propia).is_file() else None
    for nombre in ("chromium", "chromium-browser", "google-chrome"):
        hallada = shutil.which(nombre)
        if hallada:
            return hallada
    return None


def _faltante(motivo: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI debe correr los tests de navegador: {motivo}", pytrace=False)
    pytest.skip(f"{motivo}; instálelo con: {INSTALAR}")


@pytest.fixture(scope="session")
def navegador():
    """Un Chromium para toda la sesión de tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _faltante("falta el paquete playwright")
    ejecutable = ruta_chromium()
    if ejecutable is None:
        _faltante("no hay chromium en esta máquina")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=ejecutable, args=BANDERAS)
        yield b
        b.close()


@pytest.fixture
def pagina(navegador):
    """Una página nueva en un contexto propio (sin caché ni cookies de otro test), con las
    peticiones que intente hacer anotadas en `pagina.peticiones` (las de `data:` y `blob:` no
    cuentan: son la página misma)."""
    contexto = navegador.new_context(viewport={"width": 1024, "height": 768}, locale="es-MX",
                                     accept_downloads=True)
    p = contexto.new_page()
    p.peticiones = []

    def _anotar(req):
        if not req.url.startswith(("data:", "blob:")):
            p.peticiones.append(req.url)

    p.on("request", _anotar)
    yield p
    contexto.close()


def revisar_axe(p) -> list[str]:
    """Las violaciones graves o críticas de axe-core en la página, como «id: ayuda (n nodos)»."""
    from axe_playwright_python.sync_playwright import Axe

    r = Axe().run(p)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodos)"
            for v in r.response["violations"] if v.get("impact") in ("serious", "critical")]
