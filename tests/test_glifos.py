"""Un carácter que la letra del informe no tiene es un error de validar con su posición, antes de que
Typst se niegue a escribir el PDF/A sin decir qué dato lo trae."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from informe.glifos import RANGOS, primer_sin_glifo

RAIZ = Path(__file__).resolve().parent.parent


def test_los_rangos_son_los_de_las_letras_del_proyecto():
    """RANGOS está escrito en el código (leer las letras costaría en cada validar); aquí se recalcula."""
    from fontTools.ttLib import TTFont

    letras = sorted((RAIZ / "plantillas" / "fuentes").glob("*.ttf"))
    assert len(letras) == 4
    comunes = set.intersection(*(set(TTFont(f)["cmap"].getBestCmap()) for f in letras))
    declarados = {c for a, b in RANGOS for c in range(a, b + 1)}
    assert declarados == comunes


@pytest.mark.parametrize("texto, esperado", [
    ("Reunión con la SSPC «Niño» — 3–4 €, 1.º", None),
    ("Acuerdo 😀 cumplido", (8, "😀")),
    ("Sede 漢", (5, "漢")),
    ("Liliانا", (4, "ا")),
    ("a\x1bb", (1, "\x1b")),
    ("línea\nsiguiente\tcon tabulador", None),
])
def test_primer_sin_glifo(texto, esperado):
    assert primer_sin_glifo(texto) == esperado


def _validar(ruta: Path, cwd: Path) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "informe", "validar", str(ruta), "--formato", "json"], cwd=cwd,
                       env={**os.environ, "INFORME_CACHE": "0"}, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr
    return json.loads(r.stdout)["problemas"]


def test_un_emoji_en_un_acuerdo_de_una_jle_es_un_error_con_su_columna(tmp_path):
    ruta = tmp_path / "colima.yaml"
    ruta.write_text("entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: Recorridos 🚓 en la sede\n"
                    "    estatus: Concluido\n", encoding="utf-8")
    problemas = [p for p in _validar(ruta, tmp_path) if p["codigo"] == "texto-sin-glifo"]
    assert [(p["linea"], p["columna"], p["severidad"]) for p in problemas] == [(4, 29, "error")]
    assert "U+1F693" in problemas[0]["mensaje"]


def test_un_ideograma_en_un_texto_del_analista_impide_compilar(tmp_path):
    datos = tmp_path / "demo"
    shutil.copytree(RAIZ / "ejemplos" / "demo", datos)
    (datos / "2024-03" / "textos").mkdir(exist_ok=True)
    (datos / "2024-03" / "textos" / "temas.md").write_text("Los temas.\n\nUn sello: 印.\n", encoding="utf-8")
    problemas = [p for p in _validar(datos / "2024-03", tmp_path) if p["codigo"] == "texto-sin-glifo"]
    assert [(p["linea"], p["columna"]) for p in problemas] == [(3, 11)]


def test_un_emoji_en_una_celda_csv_del_vmre(tmp_path):
    datos = tmp_path / "vmre"
    shutil.copytree(RAIZ / "ejemplos" / "vmre", datos)
    ruta = datos / "2024-01" / "solicitudes_por_pais.csv"
    lineas = ruta.read_text(encoding="utf-8").splitlines(keepends=True)
    lineas[2] = lineas[2].replace("Canadá", "Canadá 🍁", 1)
    ruta.write_text("".join(lineas), encoding="utf-8")
    problemas = [p for p in _validar(datos, tmp_path) if p["codigo"] == "texto-sin-glifo"]
    assert [(p["archivo"].endswith("solicitudes_por_pais.csv"), p["linea"]) for p in problemas] == [(True, 3)]
