"""Cada bloque `console` del README corre tal como está escrito, en una copia de los datos del
proyecto, y dice lo que el README muestra: el README no puede quedar viejo sin que un test falle.

En la salida esperada, una línea «…» admite cualquier número de líneas, y un «…» al final de una
línea, cualquier resto de esa línea; las demás líneas deben aparecer en ese orden.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
_BLOQUE = re.compile(r"^```console\n(.*?)^```", re.M | re.S)


def _ordenes() -> list[tuple[str, list[str]]]:
    """(orden, líneas esperadas) de cada «$ …» de los bloques console, en el orden del README."""
    ordenes: list[tuple[str, list[str]]] = []
    for bloque in _BLOQUE.findall((RAIZ / "README.md").read_text(encoding="utf-8")):
        for linea in bloque.splitlines():
            if linea.startswith("$ "):
                ordenes.append((linea[2:], []))
            elif ordenes:
                ordenes[-1][1].append(linea.rstrip())
    return ordenes


def _coincide(esperadas: list[str], salida: list[str]) -> bool:
    """Las esperadas aparecen en orden en la salida; «…» salta líneas, «x…» es un prefijo."""
    i = 0
    libre = False
    for esperada in esperadas:
        if esperada == "…":
            libre = True
            continue
        prefijo = esperada.endswith("…")
        patron = esperada[:-1].rstrip() if prefijo else esperada

        def es(linea: str) -> bool:
            return linea.startswith(patron) if prefijo else linea == patron

        while i < len(salida) and not es(salida[i]):
            if not libre:
                return False
            i += 1
        if i == len(salida):
            return False
        i += 1
        libre = False
    return libre or i == len(salida)


def test_el_mes_del_readme_se_camina_en_una_copia():
    """Caminar el mes del README deja el proyecto como estaba: sus órdenes escriben en la copia."""
    ordenes = [shlex.split(o) for o, _ in _ordenes()]
    assert ["cp", "-r", "ejemplos/mes", "mes"] in ordenes and ["export", "INFORME_DATOS=mes"] in ordenes
    assert not any("ejemplos/mes" in " ".join(o) for o in ordenes if o[0] == "informe")


def test_el_readme_tiene_el_mes_completo():
    nombres = [shlex.split(o)[1] for o, _ in _ordenes()]
    for orden in ("periodo", "plantilla", "recibir", "estado", "acuerdos", "compilar", "diff"):
        assert orden in nombres


def test_cada_bloque_del_readme_corre_como_esta_escrito(tmp_path):
    for carpeta in ("datos", "ejemplos", "docs"):
        shutil.copytree(RAIZ / carpeta, tmp_path / carpeta)
    entorno = {**os.environ, "COLUMNS": "80", "INFORME_CACHE": str(tmp_path / "cache"), "NO_COLOR": "1"}
    entorno.pop("INFORME_DATOS", None)
    for orden, esperadas in _ordenes():
        argumentos = shlex.split(orden)
        if argumentos[:2] == ["cp", "-r"]:  # el mes se camina en una copia del ejemplo
            shutil.copytree(tmp_path / argumentos[2], tmp_path / argumentos[3])
            continue
        if argumentos[0] == "export":
            nombre, _, valor = argumentos[1].partition("=")
            entorno[nombre] = valor
            continue
        assert argumentos[0] == "informe", orden
        r = subprocess.run([sys.executable, "-m", "informe", *argumentos[1:]], cwd=tmp_path, env=entorno,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
        salida = r.stdout.splitlines()
        assert r.returncode in (0, 1), (orden, r.stdout)
        assert "Traceback" not in r.stdout, (orden, r.stdout)
        assert _coincide(esperadas, [s.rstrip() for s in salida]), (orden, esperadas, salida)


@pytest.mark.parametrize("esperadas, salida, resultado", [
    (["a", "…", "c"], ["a", "b", "b", "c"], True),
    (["a", "c"], ["a", "b", "c"], False),
    (["…", "x…"], ["q", "xyz"], True),
    (["a"], ["a", "b"], False),
    (["a", "…"], ["a", "b"], True),
])
def test_coincidencia_de_la_salida(esperadas, salida, resultado):
    assert _coincide(esperadas, salida) is resultado
