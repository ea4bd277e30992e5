"""Agregar una familia toca el núcleo en una línea, la de `familias.REGISTRO`: la familia de
tests/fixtures/casillas (un CSV por mes, su plantilla, su resumen y su diff; cuente sus líneas) se
registra aquí con esa sola línea y, con lo que el núcleo da por omisión, valida sus celdas y sus textos,
compila a Markdown y responde `resumen` y `diff` en JSON."""

from __future__ import annotations

import json

import pytest
from conftest import RAIZ, escribir

from informe import familias

PROCESO = "familia: casillas\nnombre: Proceso Electoral Local 2025\ninstitucion: Instituto Nacional Electoral\narea: DEOE\n"
MAYO = "ENTIDAD,APROBADAS,INSTALADAS\nColima,900,880\nNayarit,1500,1490\nTOTAL,2400,2370\n"
JUNIO = "ENTIDAD,APROBADAS,INSTALADAS\nColima,900,898\nNayarit,1500,1500\nTOTAL,2400,2398\n"


@pytest.fixture
def datos(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(RAIZ / "tests" / "fixtures"))
    monkeypatch.setitem(familias.REGISTRO, "casillas", "casillas")  # la línea del registro: nada más del núcleo
    carpeta = tmp_path / "datos"
    escribir(carpeta / "proceso.yaml", PROCESO)
    escribir(carpeta / "2025-05" / "casillas.csv", MAYO)
    escribir(carpeta / "2025-06" / "casillas.csv", JUNIO)
    escribir(carpeta / "2025-06" / "textos" / "presentacion.md", "Cifras de {{ r.filas | length }} entidades.\n")
    return carpeta


def test_la_familia_nueva_valida_compila_resume_y_compara(datos, tmp_path, correr, correr_json):
    codigo, validado = correr_json("validar", datos, "--formato", "json")
    assert codigo == 0 and validado["problemas"] == []

    codigo, _, _ = correr("compilar", "--datos", datos, "--periodo", "junio 2025", "--formato", "md",
                          "--salida", tmp_path / "salida")
    assert codigo == 0
    md = (tmp_path / "salida" / "informe-2025-06.md").read_text(encoding="utf-8")
    assert md.startswith("# Casillas instaladas en 2025-06\n")
    assert "Instituto Nacional Electoral · Proceso Electoral Local 2025" in md
    assert "Cifras de 2 entidades." in md and "se instalaron 2,398 casillas" in md
    assert "| Nayarit" in md and "1,500" in md

    codigo, salida, _ = correr("resumen", "--datos", datos, "--periodo", "2025-06")
    assert codigo == 0 and '"instaladas": 2398' in salida  # en la terminal, sin pieza propia: sus cifras
    codigo, resumen = correr_json("resumen", "--datos", datos, "--periodo", "2025-06", "--formato", "json")
    assert codigo == 0
    assert resumen == {"periodo": "2025-06", "inicio": "2025-06-01", "fin": "2025-06-30", "instaladas": 2398,
                       "filas": [["Colima", 900, 898], ["Nayarit", 1500, 1500]]}

    codigo, diferencias = correr_json("diff", "--datos", datos, "--desde", "2025-05", "--hasta", "2025-06",
                                      "--formato", "json")
    assert codigo == 0
    assert diferencias["filas"] == [{"entidad": "Colima", "antes": 880, "ahora": 898, "cambio": 18},
                                    {"entidad": "Nayarit", "antes": 1490, "ahora": 1500, "cambio": 10}]
    codigo, salida, _ = correr("diff", "--datos", datos, "--desde", "2025-05", "--hasta", "2025-06", "--formato", "md")
    assert codigo == 0 and salida == "- Colima: +18\n- Nayarit: +10\n"
    codigo, salida, _ = correr("diff", "--datos", datos, "--desde", "2025-05", "--hasta", "2025-06")
    assert codigo == 0 and "- Colima: +18" in salida  # en la terminal, sin pieza propia: su Markdown
    codigo, _, error = correr("diff", "--datos", datos, "--desde", "2025-05", "--hasta", "2025-06", "--formato", "csv")
    assert codigo == 2 and "no escribe el diff en CSV" in error


def test_la_familia_nueva_atrapa_una_celda_un_archivo_y_un_texto(datos, correr_json):
    escribir(datos / "2025-06" / "casillas.csv", JUNIO.replace("Nayarit,1500,1500", "Nayarit,1500,mil"))
    escribir(datos / "2025-06" / "notas.csv", "x\n")
    escribir(datos / "2025-06" / "textos" / "presentacion.md", "Cifras de {{ r.filas | length.\n")
    escribir(datos / "2025-06" / "textos" / "cierre.md", "Sin ranura.\n")
    codigo, validado = correr_json("validar", datos, "--formato", "json")
    assert codigo == 1
    hallados = {(p["codigo"], p["archivo"].rsplit("/", 1)[-1], p["linea"]) for p in validado["problemas"]}
    assert ("tabla-tipo", "casillas.csv", 3) in hallados  # la celda, con su línea
    assert ("archivo-desconocido", "notas.csv", None) in hallados  # nada se ignora en silencio
    assert {"texto-plantilla", "texto-ranura"} <= {c for c, _, _ in hallados}  # los textos, validados por el núcleo
