"""`informe acuerdos`: estatus al corte, historia y filtros, en texto, CSV, JSON y XLSX."""

from __future__ import annotations

import csv
import io
import json
import shutil

from conftest import DEMO, escribir


def _anteponer(datos, prefijo: str) -> None:
    """Antepone texto hostil al primer acuerdo de Guerrero en 2024-01 (una cadena entre comillas dobles)."""
    ruta = datos / "2024-01" / "jle" / "guerrero.yaml"
    viejo = 'descripcion: "Acordar la seguridad'
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto
    ruta.write_text(texto.replace(viejo, f'descripcion: "{prefijo}Acordar la seguridad'), encoding="utf-8")


def test_pendientes_de_una_entidad_con_su_historia(correr_json, correr):
    _, datos = correr_json("acuerdos", "-d", DEMO, "-p", "2024-03", "-e", "gro", "-s", "pendientes", "-f", "json")
    filas = datos["acuerdos"]
    assert datos["periodo"] == "2024-03" and filas
    assert {f["entidad"] for f in filas} == {"Guerrero"}
    assert all(f["estatus"] in ("Planeación", "En proceso", "Sin estatus") for f in filas)
    gro3 = next(f for f in filas if f["id"] == "GRO-2024-01-003")
    assert gro3["tomado"] == "2024-01" and gro3["estatus"] == "En proceso"
    assert [h["periodo"] for h in gro3["historia"]][0] == "2024-01"
    # el mismo corte pedido en 2024-01 no ve lo que pasó después
    enero = correr_json("acuerdos", "-d", DEMO, "-p", "2024-01", "-e", "Guerrero", "-f", "json")[1]["acuerdos"]
    assert all(f["tomado"] == "2024-01" for f in enero)
    assert next(f for f in enero if f["id"] == "GRO-2024-01-001")["estatus"] == "En proceso"
    concluidos = correr_json("acuerdos", "-d", DEMO, "-p", "2024-03", "-e", "Guerrero", "-s", "concluido",
                             "-f", "json")[1]["acuerdos"]
    assert "GRO-2024-01-001" in {f["id"] for f in concluidos}


def test_buscar_sin_acentos_y_texto_a_80_columnas(correr):
    codigo, salida, _ = correr("acuerdos", "-d", DEMO, "-p", "2024-03", "-b", "JORNADA ELECTORAL", "-e", "Guerrero")
    assert codigo == 0
    assert "GRO-2024-02-001 · Guerrero · En proceso" in salida
    assert "Guardia Nacional para la Jornada Electoral" in " ".join(salida.split())
    assert max(len(l) for l in salida.splitlines()) <= 80
    assert salida.splitlines()[-1].startswith("1 acuerdo al corte de 2024-03")  # singular


def test_csv_para_hojas_de_calculo(tmp_path, correr):
    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    _anteponer(datos, '=HYPERLINK(\\"http://x\\") ')
    codigo, salida, error = correr("acuerdos", "-d", datos, "-e", "Guerrero", "-f", "csv")
    assert codigo == 0, error
    assert salida.startswith("\ufeff")
    filas = list(csv.DictReader(io.StringIO(salida.lstrip("\ufeff"))))  # por encabezado, no por posición
    assert salida.lstrip("\ufeff").startswith("id,entidad,tomado,estatus,actualizado,historia,descripcion")
    assert filas[0]["id"] == "GRO-2024-01-001" and filas[0]["descripcion"].startswith("'=HYPERLINK")
    assert all(f["entidad"] == "Guerrero" for f in filas)
    assert filas[0]["historia"] == "2024-01 En proceso → 2024-02 Concluido"


def test_xlsx_determinista_y_sin_formulas(tmp_path, correr):
    from openpyxl import load_workbook

    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    _anteponer(datos, "=1+1 ")
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert correr("acuerdos", "-d", datos, "-f", "xlsx", "-o", a)[0] == 0
    assert correr("acuerdos", "-d", datos, "-f", "xlsx", "-o", b)[0] == 0
    assert a.read_bytes() == b.read_bytes()
    import zipfile

    # openpyxl sella la hora de guardar: se reescribe, o dos corridas en segundos distintos difieren
    assert b">1980-01-01T00:00:00Z</dcterms:modified>" in zipfile.ZipFile(a).read("docProps/core.xml")
    hoja = load_workbook(a).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][:4] == ("Identificador", "Entidad", "Periodo en que se tomó", "Estatus")
    col = {encabezado: i for i, encabezado in enumerate(filas[0])}  # por encabezado, no por posición
    guerrero = [f for f in filas[1:] if f[col["Entidad"]] == "Guerrero"]
    assert guerrero[0][col["Identificador"]] == "GRO-2024-01-001" and guerrero[0][col["Acuerdo"]].startswith("=1+1 ")
    celda = next(c for c in next(hoja.iter_cols(min_col=col["Acuerdo"] + 1, max_col=col["Acuerdo"] + 1))
                 if c.value == guerrero[0][col["Acuerdo"]])
    assert celda.data_type == "s"  # texto, no fórmula
    json_ = correr("acuerdos", "-d", datos, "-f", "json")[1]
    assert len(filas) - 1 == len(json.loads(json_)["acuerdos"])


def test_sin_formato_la_extension_de_salida_lo_dice(tmp_path, correr):
    # antes, `--salida acuerdos.xlsx` sin --formato escribía el texto de la terminal con ese nombre
    from openpyxl import load_workbook

    libro, tabla, texto = tmp_path / "acuerdos.XLSX", tmp_path / "a.csv", tmp_path / "a.txt"
    assert correr("acuerdos", "-d", DEMO, "-e", "Guerrero", "-o", libro)[0] == 0
    assert libro.read_bytes()[:2] == b"PK"
    filas = list(load_workbook(libro).active.iter_rows(values_only=True))
    assert filas[0][:2] == ("Identificador", "Entidad") and filas[1][:2] == ("GRO-2024-01-001", "Guerrero")
    assert correr("acuerdos", "-d", DEMO, "-e", "Guerrero", "-o", tabla)[0] == 0
    assert tabla.read_text(encoding="utf-8-sig").startswith("id,entidad,tomado,estatus")
    assert correr("acuerdos", "-d", DEMO, "-e", "Guerrero", "-o", texto)[0] == 0
    assert "GRO-2024-01-001" in texto.read_text(encoding="utf-8") and not texto.read_bytes().startswith(b"PK")
    # un --formato explícito manda sobre la extensión
    assert correr("acuerdos", "-d", DEMO, "-e", "Guerrero", "-f", "csv", "-o", tmp_path / "b.xlsx")[0] == 0
    assert (tmp_path / "b.xlsx").read_text(encoding="utf-8-sig").startswith("id,entidad")


def test_errores_de_uso(correr, tmp_path):
    codigo, _, error = correr("acuerdos", "-d", DEMO, "-e", "Guerero")
    assert codigo == 2 and "entidad desconocida: Guerero" in error and "Guerrero" in error
    codigo, _, error = correr("acuerdos", "-d", DEMO, "-s", "listo")
    assert codigo == 2 and "estatus desconocido: listo" in error
    codigo, _, error = correr("acuerdos", "-d", DEMO, "-f", "xlsx")
    assert codigo == 2 and "--salida" in error
    codigo, _, error = correr("acuerdos", "-d", DEMO, "-p", "2030-01")
    assert codigo == 2


def test_datos_con_errores_no_se_consultan(correr, tmp_path):
    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    escribir(datos / "2024-03" / "jle" / "colima.yaml", "entidad: Colima\nperiodo: 2024-03\nacuerdos: 5\n")
    codigo, _, error = correr("acuerdos", "-d", datos)
    assert codigo == 1 and "tipo-invalido" in error
