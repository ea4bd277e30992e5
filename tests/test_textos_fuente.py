"""Issue 32, ronda 3 (textos): lo que la relectura contra las semillas encontró aún mal en el contenido.
Cada caso afirma el texto, en cada formato donde el lector lo ve."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import RAIZ, escribir

DATOS = RAIZ / "datos"


def _texto_docx(ruta: Path) -> str:
    with zipfile.ZipFile(ruta) as z:
        return re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))


def _texto_pdf(ruta: Path) -> str:
    from pypdf import PdfReader

    return " ".join(p.extract_text() for p in PdfReader(str(ruta)).pages)


def _plano(texto: str) -> str:
    """Palabras separadas por un espacio: los duros (U+00A0) y los saltos de línea valen lo mismo."""
    return " ".join(re.sub(r"<[^>]+>|\*\*", "", texto).replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def vmre(tmp_path_factory):
    """El informe VMRE de noviembre de 2023 compilado de los datos reales, en los cuatro formatos, como texto."""
    from informe.compilar import compilar

    salida = tmp_path_factory.mktemp("vmre")
    compilar(DATOS / "vmre", "2023-12", salida, ("md", "docx", "pdf", "html"))
    base = salida / "informe-2023-12"
    return {"md": _plano(base.with_suffix(".md").read_text(encoding="utf-8")),
            "docx": _plano(_texto_docx(base.with_suffix(".docx"))),
            "pdf": _plano(_texto_pdf(base.with_suffix(".pdf"))),
            "html": _plano(base.with_suffix(".html").read_text(encoding="utf-8"))}


# --------------------------------------------------------------------------- 1. cifras publicadas con su lapso

@pytest.mark.parametrize("formato", ["md", "docx", "pdf", "html"])
def test_vmre_cada_cifra_publicada_lleva_el_lapso_de_la_fuente(vmre, formato):
    """La semilla cuenta las llamadas automatizadas «del 1º al 29 de noviembre» y los intentos y las
    reproducciones del 1 al 30: el lapso va junto a la cifra (de corte.yaml), no solo en el párrafo de arriba."""
    texto = vmre[formato]
    for esperado in ("176,430 llamadas automatizadas del 1 al 29 de noviembre de 2023 con mensajes de voz",
                     "109,272 intentos de llamada del 1 al 30 de noviembre de 2023;",
                     "2,881 consultas relacionadas con el VMRE del 1 al 30 de noviembre de 2023.",
                     "Del 1 al 30 de noviembre de 2023 alcanzaron 19,472 reproducciones.",
                     "Con corte al 30 de noviembre de 2023, se reportan 51,167 Solicitudes de Inscripción"):
        assert esperado in texto, (formato, esperado)


def test_el_lapso_de_una_cifra_publicada_se_lee_de_corte_yaml(tmp_path):
    from informe.lector import Lector
    from informe.vmre.lectura import leer_corte
    from informe.yaml_seguro import componer

    yaml = ("inicio: 2023-11-01\nfin: 2023-11-30\ncorte: 2023-11-30\npublicado:\n"
            "  analisis: 51167\n"
            "  llamadas_automatizadas: {cifra: 176430, desde: 2023-11-01, hasta: 2023-11-29}\n"
            "  intentos_llamadas: {cifra: 109272, desde: 2023-11-30, hasta: 2023-11-01}\n"
            "  reproducciones: {desde: 2023-11-01, hasta: 2023-11-30}\n")
    lector = Lector("corte.yaml")
    raiz, _ = componer(yaml, "corte.yaml")
    corte = leer_corte(raiz, lector, "2023-12")
    assert corte.publicado == {"analisis": 51167, "llamadas_automatizadas": 176430, "intentos_llamadas": 109272}
    assert {k: (v["desde"].isoformat(), v["hasta"].isoformat()) for k, v in corte.lapsos.items()} == {
        "llamadas_automatizadas": ("2023-11-01", "2023-11-29")}
    # la línea de la cifra (para señalarla si no cuadra con las tablas) es la de su mapa
    assert corte.lineas["publicado.llamadas_automatizadas"] == 6
    assert [(p.codigo, p.linea) for p in lector.problemas] == [("periodo-rango", 7), ("campo-requerido", 8)]
    assert lector.problemas[0].mensaje == "publicado.intentos_llamadas.desde: es posterior a hasta."
