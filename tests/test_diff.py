"""`informe diff`: matriz de transición y listas sobre historias pequeñas con cada tipo de movimiento."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import DEMO, escribir

PERIODOS = {"2024-01": ("2023-12-24", "2024-01-23"), "2024-02": ("2024-01-24", "2024-02-23"),
            "2024-03": ("2024-02-24", "2024-03-23")}


def _historia(raiz: Path) -> Path:
    for n, (pid, (inicio, fin)) in enumerate(PERIODOS.items(), 1):
        escribir(raiz / pid / "periodo.yaml", f"numero: {n}\ninicio: {inicio}\nfin: {fin}\n")
    escribir(raiz / "2024-01" / "jle" / "colima.yaml", """entidad: Colima
periodo: 2024-01
acuerdos:
  - id: COL-2024-01-001
    descripcion: Avanza hasta concluir.
    estatus: Planeación
  - id: COL-2024-01-002
    descripcion: Concluido que retrocede.
    estatus: Concluido
  - id: COL-2024-01-003
    descripcion: Sigue igual.
    estatus: En proceso
""")
    escribir(raiz / "2024-01" / "jle" / "sonora.yaml", """entidad: Sonora
periodo: 2024-01
acuerdos:
  - id: SON-2024-01-001
    descripcion: Sonora no vuelve a enviar.
    estatus: Planeación
""")
    escribir(raiz / "2024-02" / "jle" / "colima.yaml", """entidad: Colima
periodo: 2024-02
seguimiento:
  - acuerdo: COL-2024-01-001
    estatus: En proceso
  - acuerdo: COL-2024-01-003
    estatus: En proceso
""")
    escribir(raiz / "2024-03" / "jle" / "colima.yaml", """entidad: Colima
periodo: 2024-03
acuerdos:
  - id: COL-2024-03-001
    descripcion: Nuevo en marzo.
    estatus: Planeación
seguimiento:
  - acuerdo: COL-2024-01-001
    estatus: Concluido
  - acuerdo: COL-2024-01-002
    estatus: En proceso
""")
    return raiz


@pytest.fixture
def historia(tmp_path) -> Path:
    return _historia(tmp_path / "datos")


def test_matriz_y_listas(correr_json, historia):
    codigo, d = correr_json("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia, "-f", "json",
                            "--sin-avance", "2")
    assert codigo == 0
    m = d["matriz"]
    assert m["Planeación"]["Concluido"] == 1 and m["Planeación"]["Planeación"] == 1  # COL-001 y SON-001
    assert m["Concluido"]["En proceso"] == 1  # retroceso
    assert m["En proceso"]["En proceso"] == 1
    assert m["nuevo"]["Planeación"] == 1
    assert m["Total"]["Total"] == 5 and m["Total"]["desaparecido"] == 0
    ids = lambda clave: d[clave]  # noqa: E731  (las listas llevan ids; el detalle está en d["acuerdos"])
    assert ids("avanzaron") == ["COL-2024-01-001"]
    assert ids("concluyeron") == ["COL-2024-01-001"]
    assert ids("retrocedieron") == ["COL-2024-01-002"]
    assert ids("nuevos") == ["COL-2024-03-001"]
    # sin cambio desde 2024-01: dos informes (febrero y marzo); la de Sonora aunque no haya vuelto a enviar
    assert ids("sin_avance") == ["COL-2024-01-003", "SON-2024-01-001"]
    assert d["por_entidad"]["Sonora"]["Planeación"]["Planeación"] == 1
    assert d["por_entidad"]["Colima"]["Total"]["Total"] == 4


def test_sin_avance_por_omision_es_tres(correr_json, historia):
    _, d = correr_json("diff", "--desde", "1", "--hasta", "3", "-d", historia, "-f", "json")
    assert d["sin_avance_minimo"] == 3 and d["sin_avance"] == []


def test_totales_cuadran_con_resumen(correr_json, historia):
    _, d = correr_json("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia, "-f", "json")
    for periodo, eje in (("2024-03", "columnas"), ("2024-01", "filas")):
        _, r = correr_json("resumen", "-p", periodo, "-d", historia, "-f", "json")
        for estatus in ("Planeación", "En proceso", "Concluido", "Sin estatus"):
            esperado = r["acuerdos"]["por_estatus"][estatus] + ((r["acuerdos_anteriores"]["por_estatus"] or {}).get(estatus, 0))
            obtenido = d["matriz"]["Total"][estatus] if eje == "columnas" else d["matriz"][estatus]["Total"]
            assert obtenido == esperado, (periodo, estatus)


def test_desaparecido_es_error(correr, historia, tmp_path):
    anterior = tmp_path / "datos-de-enero"
    shutil.copytree(historia, anterior)
    archivo = anterior / "2024-01" / "jle" / "sonora.yaml"
    archivo.write_text(archivo.read_text(encoding="utf-8") +
                       "  - id: SON-2024-01-002\n    descripcion: Borrado después.\n    estatus: En proceso\n",
                       encoding="utf-8")
    codigo, salida, error = correr("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia,
                                   "--datos-desde", anterior, "-f", "csv")
    assert codigo == 1 and "pérdida de datos" in " ".join(error.split())
    assert salida.startswith("\ufeff")  # Excel abre el CSV como UTF-8
    filas = list(csv.DictReader(io.StringIO(salida.removeprefix("\ufeff"))))
    perdida = [f for f in filas if f["id"] == "SON-2024-01-002"]
    assert perdida == [{"id": "SON-2024-01-002", "entidad": "Sonora", "descripcion": "Borrado después.",
                        "estatus_desde": "En proceso", "estatus_hasta": "desaparecido", "cambio": "desaparecido"}]


def test_filtro_por_entidad_y_formatos(correr, historia):
    # sin --todos, el CSV lleva los acuerdos de alguna lista: el de Sonora sigue igual desde hace dos informes
    codigo, salida, _ = correr("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia, "-e", "son",
                               "-f", "csv")
    assert codigo == 0 and salida.splitlines() == ["\ufeffid,entidad,descripcion,estatus_desde,estatus_hasta,cambio"]
    codigo, salida, _ = correr("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia, "-e", "son",
                               "-f", "csv", "--todos")
    assert codigo == 0
    assert salida.splitlines()[1:] == ["SON-2024-01-001,Sonora,Sonora no vuelve a enviar.,Planeación,Planeación,sin cambio"]
    # con --sin-avance 2 ya es un acuerdo sin avance: entra a la lista y al CSV
    codigo, salida, _ = correr("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia, "-e", "son",
                               "-f", "json", "--sin-avance", "2")
    d = json.loads(salida)
    assert d["sin_avance"] == ["SON-2024-01-001"] and [a["id"] for a in d["acuerdos"]] == ["SON-2024-01-001"]
    assert d["acuerdos"][0]["periodos_sin_cambio"] == 2 and d["total"] == d["matriz"]["Total"]["Total"]
    codigo, salida, _ = correr("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia, "-f", "md")
    assert "| Concluido | 0 | 1 | 0 | 0 | 0 | 1 |" in salida and "**Acuerdos que retrocedieron** (1)" in salida
    codigo, salida, _ = correr("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia)
    assert codigo == 0 and "Retrocedieron: 1" in salida


def test_errores_de_uso(correr, historia):
    assert correr("diff", "--desde", "2024-03", "--hasta", "2024-01", "-d", historia)[0] == 2
    assert correr("diff", "--desde", "2024-02", "--hasta", "2024-02", "-d", historia)[0] == 2
    codigo, _, error = correr("diff", "--desde", "2023-01", "--hasta", "2024-02", "-d", historia)
    assert codigo == 2 and "no existe el periodo 2023-01" in error
    assert correr("diff", "--desde", "1", "--hasta", "2", "-d", historia, "-e", "Narnia")[0] == 2
    codigo, _, error = correr("diff", "--desde", "1", "--hasta", "2", "-d", historia, "--sin-avance", "0")
    assert codigo == 2 and "--sin-avance debe ser 1 o más" in error
    escribir(historia / "2024-02" / "jle" / "sonora.yaml", "entidad: Sonora\nperiodo: 2024-02\nseguimiento:\n"
                                                          "  - acuerdo: SON-2024-01-009\n    estatus: Concluido\n")
    codigo, _, error = correr("diff", "--desde", "1", "--hasta", "3", "-d", historia)
    assert codigo == 1 and "seguimiento-desconocido" in error


def test_compilar_incluye_el_diff(correr, tmp_path):
    codigo, _, error = correr("compilar", "-p", "2024-03", "-d", DEMO, "-o", tmp_path, "-f", "md",
                              "--incluir-diff", "2024-01")
    assert codigo == 0, error
    texto = (tmp_path / "informe-2024-03.md").read_text(encoding="utf-8")
    assert "# Anexo 3. Cambios de estatus de los acuerdos" in texto
    assert "| **Total** | 81 | 151 | 118 | 1 | 0 | 351 |" in texto
    # las listas dan a la entidad y a los estatus el ancho de su palabra más larga: antes, con 8 de 74
    # guiones, «Aguascalientes» se partía en el PDF y en el DOCX («Aguascali-entes»)
    lineas = texto.splitlines()
    separador = lineas[lineas.index("| Entidad | Acuerdo | Antes | Ahora |") + 1]
    anchos = [len(c.strip(":")) for c in separador.strip("|").split("|")]
    assert [round(a / sum(anchos), 2) for a in anchos] == [0.19, 0.54, 0.14, 0.14]


def test_csv_no_lleva_formulas_a_la_hoja_de_calculo(correr, historia):
    archivo = historia / "2024-01" / "jle" / "sonora.yaml"
    archivo.write_text(archivo.read_text(encoding="utf-8") + '  - id: SON-2024-01-002\n    descripcion: '
                       '"=HYPERLINK(\\"http://x\\",\\"clic\\")"\n    estatus: En proceso\n', encoding="utf-8")
    codigo, salida, _ = correr("diff", "--desde", "2024-01", "--hasta", "2024-03", "-d", historia, "-e", "son",
                               "-f", "csv", "--todos")
    filas = list(csv.DictReader(io.StringIO(salida.removeprefix("\ufeff"))))
    formula = next(f for f in filas if f["id"] == "SON-2024-01-002")
    assert formula["descripcion"] == "'=HYPERLINK(\"http://x\",\"clic\")"
