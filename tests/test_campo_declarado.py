"""Un campo de un acuerdo se declara una vez, en `seguridad/formato.py`, y llega a cada salida.

La prueba hace lo que haría quien agrega `responsable`: copia el paquete, agrega una línea a `ACUERDO` en
formato.py (y nada más) y corre la orden como la corre el analista. El campo está entonces en el esquema
del editor, en la ayuda de la plantilla, en la validación (con su tipo y su límite), en el anexo del
informe, en `informe acuerdos` en terminal, csv, json y xlsx, y en `informe diff` en json, csv y terminal
(leídos por encabezado, no por posición)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RAIZ

LINEA = ('    Campo("responsable", "texto", "Quién da seguimiento al acuerdo en la JLE.", etiqueta="Responsable",\n'
         '          maximo=40, ayuda="quién da seguimiento al acuerdo (opcional; hasta 40 caracteres)."),\n')
ANCLA = '    Campo("fecha", "fecha", "Fecha en que se tomó el acuerdo (opcional)."),\n'
FEBRERO = '    descripcion: "Revisar el monitoreo de los mecanismos de recolección en el distrito 02 (acuerdo 1)."\n'
ACUERDO = '    descripcion: "Acordar el acompañamiento de seguridad a los vehículos con documentación electoral (acuerdo 1)."\n'


@pytest.fixture(scope="module")
def copia(tmp_path_factory) -> Path:
    """El paquete con el campo agregado en una línea de formato.py, y los datos de la demostración."""
    raiz = tmp_path_factory.mktemp("campo")
    sin_cache = shutil.ignore_patterns("__pycache__")
    shutil.copytree(RAIZ / "informe", raiz / "informe", ignore=sin_cache)
    shutil.copytree(RAIZ / "plantillas", raiz / "plantillas", ignore=sin_cache)
    formato = raiz / "informe" / "seguridad" / "formato.py"
    texto = formato.read_text(encoding="utf-8")
    assert texto.count(ANCLA) == 1
    formato.write_text(texto.replace(ANCLA, ANCLA + LINEA), encoding="utf-8")
    shutil.copytree(RAIZ / "ejemplos" / "demo", raiz / "datos")
    colima = raiz / "datos" / "2024-03" / "jle" / "colima.yaml"
    texto = colima.read_text(encoding="utf-8")
    assert texto.count(ACUERDO) == 1
    colima.write_text(texto.replace(ACUERDO, ACUERDO + '    responsable: "Vocal Secretario"\n'), encoding="utf-8")
    febrero = raiz / "datos" / "2024-02" / "jle" / "colima.yaml"
    texto = febrero.read_text(encoding="utf-8")
    assert texto.count(FEBRERO) == 1
    febrero.write_text(texto.replace(FEBRERO, FEBRERO + '    responsable: "Vocal de Organización"\n'), encoding="utf-8")
    return raiz


def _informe(copia: Path, *argumentos) -> subprocess.CompletedProcess:
    entorno = {**os.environ, "PYTHONPATH": str(copia), "COLUMNS": "80", "INFORME_CACHE": "0"}
    r = subprocess.run([sys.executable, "-m", "informe", *map(str, argumentos)], cwd=copia, env=entorno,
                       capture_output=True, text=True, timeout=300)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def test_la_copia_usa_el_paquete_con_el_campo(copia):
    r = _informe(copia, "validar", "datos")
    assert r.returncode == 0, r.stdout + r.stderr
    fuera = subprocess.run([sys.executable, "-c", "import informe; print(informe.__file__)"], cwd=copia,
                           env={**os.environ, "PYTHONPATH": str(copia)}, capture_output=True, text=True)
    assert fuera.stdout.strip() == str(copia / "informe" / "__init__.py")


def test_el_campo_llega_al_esquema_y_a_la_plantilla(copia):
    esquema = json.loads(_informe(copia, "esquema").stdout)
    campo = esquema["properties"]["acuerdos"]["anyOf"][0]["items"]["properties"]["responsable"] \
        if "anyOf" in esquema["properties"]["acuerdos"] else \
        esquema["properties"]["acuerdos"]["items"]["properties"]["responsable"]
    assert campo["description"] == "Quién da seguimiento al acuerdo en la JLE." and campo["maxLength"] == 40
    r = _informe(copia, "plantilla", "--datos", "datos", "--periodo", "2024-03", "--entidad", "Colima")
    assert r.returncode == 0, r.stderr
    carpeta = copia / "salida" / "plantillas"
    plantilla = (carpeta / "colima-2024-03.yaml").read_text(encoding="utf-8")
    assert "#   acuerdos.responsable: quién da seguimiento al acuerdo (opcional; hasta 40" in plantilla
    junto = json.loads((carpeta / "jle.schema.json").read_text(encoding="utf-8"))  # el que viaja con la plantilla
    assert "responsable" in json.dumps(junto["properties"]["acuerdos"], ensure_ascii=False)


def test_el_campo_se_valida_por_su_tipo_y_su_limite(copia, tmp_path):
    datos = tmp_path / "datos"
    shutil.copytree(copia / "datos", datos)
    colima = datos / "2024-03" / "jle" / "colima.yaml"
    texto = colima.read_text(encoding="utf-8")
    colima.write_text(texto.replace('responsable: "Vocal Secretario"', "responsable: " + "x" * 41), encoding="utf-8")
    r = _informe(copia, "validar", colima, "--datos", datos, "--formato", "json")
    linea = texto[:texto.index("responsable:")].count("\n") + 1
    hallados = [(p["codigo"], p["linea"], p["mensaje"]) for p in json.loads(r.stdout)["problemas"]]
    assert ("texto-largo", linea, "acuerdos[1].responsable: admite hasta 40 caracteres (tiene 41).") in hallados


def test_el_campo_llega_al_anexo_del_informe(copia, tmp_path):
    r = _informe(copia, "compilar", "--datos", "datos", "--periodo", "2024-03", "--formato", "md",
                 "--salida", tmp_path / "salida")
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "salida" / "informe-2024-03.md").read_text(encoding="utf-8")
    anexo = md[md.index("# Anexo 1. Acuerdos alcanzados {#anexo-acuerdos}"):].split("\n# ")[0]
    celdas = [[c.strip() for c in linea.strip().strip("|").split("|")] for linea in anexo.splitlines()
              if linea.startswith("|")]
    assert celdas[0] == ["Entidad", "Acuerdo", "Responsable", "Estatus"]
    responsable = " ".join(" ".join(c[2] for c in celdas[1:]).split())  # la columna por su encabezado
    assert responsable == "Vocal Secretario"  # una celda de tabla de cuadrícula ocupa varias líneas


def test_el_campo_llega_a_acuerdos_en_cada_formato(copia, tmp_path):
    r = _informe(copia, "acuerdos", "--datos", "datos", "--entidad", "Colima", "--buscar", "acuerdo 1)")
    assert r.returncode == 0, r.stderr
    assert "  responsable: Vocal Secretario" in r.stdout.splitlines()

    r = _informe(copia, "acuerdos", "--datos", "datos", "--entidad", "Colima", "--formato", "csv")
    filas = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    por_id = {f["id"]: f for f in filas}
    assert por_id["COL-2024-03-001"]["responsable"] == "Vocal Secretario"
    assert {f["responsable"] for f in filas} == {"Vocal Secretario", "Vocal de Organización", ""}

    r = _informe(copia, "acuerdos", "--datos", "datos", "--entidad", "Colima", "--formato", "json")
    acuerdos = {a["id"]: a for a in json.loads(r.stdout)["acuerdos"]}
    assert acuerdos["COL-2024-03-001"]["responsable"] == "Vocal Secretario"

    hoja = tmp_path / "acuerdos.xlsx"
    r = _informe(copia, "acuerdos", "--datos", "datos", "--entidad", "Colima", "--formato", "xlsx", "--salida", hoja)
    assert r.returncode == 0, r.stderr
    from openpyxl import load_workbook

    filas = list(load_workbook(hoja).active.iter_rows(values_only=True))
    columna = {encabezado: i for i, encabezado in enumerate(filas[0])}
    fila = next(f for f in filas[1:] if f[columna["Identificador"]] == "COL-2024-03-001")
    assert fila[columna["Responsable"]] == "Vocal Secretario"


def test_el_campo_llega_a_diff_en_json_y_csv(copia):
    r = _informe(copia, "diff", "--datos", "datos", "--desde", "2024-02", "--hasta", "2024-03", "--formato", "json",
                 "--todos")
    assert r.returncode == 0, r.stderr
    acuerdos = {a["id"]: a for a in json.loads(r.stdout)["acuerdos"]}
    assert acuerdos["COL-2024-03-001"]["responsable"] == "Vocal Secretario"
    assert acuerdos["COL-2024-03-002"]["responsable"] is None  # no lo reporta: no se inventa
    r = _informe(copia, "diff", "--datos", "datos", "--desde", "2024-02", "--hasta", "2024-03", "--formato", "csv",
                 "--todos")
    filas = {f["id"]: f for f in csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff")))}
    assert filas["COL-2024-03-001"]["responsable"] == "Vocal Secretario"
    # en la terminal, en las listas que muestra (aquí, «sin avance»), junto al texto del acuerdo
    r = _informe(copia, "diff", "--datos", "datos", "--desde", "2024-02", "--hasta", "2024-03", "--sin-avance", "1",
                 "--entidad", "Colima")
    assert "(responsable: Vocal de Organización)" in " ".join(r.stdout.split())
