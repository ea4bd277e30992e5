"""El esquema del editor decide lo mismo que `informe validar` donde un esquema puede decidir.

Se comprueba con check-jsonschema (PyPI), el validador que usan los editores y la CI de muchos
proyectos, leyendo el YAML como lo lee el editor (YAML 1.2).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from conftest import DEMO, RAIZ, escribir
from informe.seguridad.esquema import _FECHA_REAL, esquema_jle
from informe.validar import validar

INVALIDOS = RAIZ / "ejemplos" / "invalidos"
ESQUEMA = RAIZ / "docs" / "jle.schema.json"
ESPERA = re.compile(r"# espera: ([a-z-]+) en la línea (\d+)")
# Lo que un esquema no puede ver, con la razón: el editor los acepta y solo `validar` los rechaza.
FUERA_DEL_ESQUEMA = {
    "acuerdo-repetido": "compara el texto de dos elementos de la lista",
    "yaml-alias": "las anclas ya se resolvieron cuando el esquema mira el documento",
    "asistentes-invalido-cero": "«012» ya es el número 12 al leerlo; el cero solo está en el texto fuente",
    "fecha-anterior": "depende de las fechas del periodo (otro archivo)",
    "fecha-posterior": "depende de las fechas del periodo (otro archivo)",
    "id-invalido": "compara el id con la entidad y el periodo del archivo",
    "seguimiento-desconocido": "depende de la historia (otros periodos)",
    "seguimiento-otra-entidad": "depende de la historia (otros periodos)",
}


def _rechaza(*archivos: Path) -> list[bool]:
    """Veredicto del esquema por archivo: True si check-jsonschema lo rechaza (esquema o YAML ilegible)."""
    r = subprocess.run([sys.executable, "-m", "check_jsonschema", "-o", "json", "--schemafile", str(ESQUEMA),
                        *map(str, archivos)], capture_output=True, text=True)
    informe = json.loads(r.stdout)
    rechazados = {Path(e["filename"]) for e in informe.get("errors", []) + informe.get("parse_errors", [])}
    return [archivo in rechazados for archivo in archivos]


def _clave(archivo: Path) -> str:
    codigo = ESPERA.search(archivo.read_text(encoding="utf-8"))[1]
    return "asistentes-invalido-cero" if archivo.name == "asistentes-cero-inicial.yaml" else codigo


def test_mismo_veredicto_que_validar_en_los_invalidos():
    archivos = sorted(INVALIDOS.glob("*.yaml"))
    decidibles = [a for a in archivos if _clave(a) not in FUERA_DEL_ESQUEMA]
    assert len(decidibles) >= 20
    for archivo, rechazado in zip(decidibles, _rechaza(*decidibles)):
        assert validar([archivo], DEMO).errores  # validar lo rechaza…
        assert rechazado, f"el esquema acepta {archivo.name}, que validar rechaza ({_clave(archivo)})"
    # …y lo que queda fuera de verdad no lo puede ver el esquema (si algún día lo ve, se mueve de lista)
    fuera = [a for a in archivos if _clave(a) in FUERA_DEL_ESQUEMA]
    assert _rechaza(*fuera) == [False] * len(fuera)


def test_los_validos_pasan_los_dos():
    archivos = sorted(DEMO.glob("*/jle/*.yaml"))[::7] + sorted((RAIZ / "datos").glob("*/jle/*.yaml"))[::5]
    r = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(ESQUEMA), *map(str, archivos)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("valor, clave, acepta", [
    ("en proceso", "estatus", True), ("EN PROCESO", "estatus", True), ("planeacion", "estatus", True),
    ("En progreso", "estatus", False), ("Concluído", "estatus", True), ("Conclu", "estatus", False),
    ("hibrida", "modalidad", True), ("Híbrida", "modalidad", True), ("hibridas", "modalidad", False),
    ("LOGISTICA", "tipo", True), ("problemas  sociales", "tipo", True), ("seguridad", "tipo", False),
    ("guerrero", "entidad", True), ("Edo. de México", "entidad", True), ("michoacan de ocampo", "entidad", True),
    ("Guerero", "entidad", False), ("Texas", "entidad", False),
])
def test_variantes_de_mayusculas_y_acentos(tmp_path, valor, clave, acepta):
    entidad = valor if clave == "entidad" else "Colima"
    reunion = (f"  - fecha: 2024-02-01\n    modalidad: {valor if clave == 'modalidad' else 'virtual'}\n"
               f"    temas:\n      - tipo: {valor if clave == 'tipo' else 'otros'}\n")
    acuerdo = f"  - descripcion: Un acuerdo.\n    estatus: {valor if clave == 'estatus' else 'Concluido'}\n"
    archivo = escribir(tmp_path / "x.yaml", f"entidad: {entidad}\nperiodo: 2024-02\nreuniones:\n{reunion}"
                                            f"acuerdos:\n{acuerdo}")
    assert (validar([archivo], DEMO).errores == 0) is acepta
    assert _rechaza(archivo) == [not acepta]


@given(st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32))
def test_la_expresion_de_fecha_es_el_calendario(anio, mes, dia):
    texto = f"{anio:04d}-{mes:02d}-{dia:02d}"
    try:
        date(anio, mes, dia)
        existe = True
    except ValueError:
        existe = False
    assert bool(re.fullmatch(_FECHA_REAL, texto)) is existe


def test_en_espanol_con_descripcion_y_sin_ofrecer_el_id():
    esquema = esquema_jle()

    def recorrer(nodo, ruta="raíz"):
        if isinstance(nodo, dict):
            for nombre, propiedad in nodo.get("properties", {}).items():
                assert re.search(r"[a-záéíóúñ]{3,}", propiedad.get("description", "")), f"{ruta}.{nombre} sin descripción"
                restringido = {"pattern", "enum", "type", "anyOf"} & set(propiedad)
                if restringido:
                    assert "errorMessage" in propiedad, f"{ruta}.{nombre} sin mensaje en español"
            for clave, valor in nodo.items():
                recorrer(valor, f"{ruta}.{clave}")
        elif isinstance(nodo, list):
            for valor in nodo:
                recorrer(valor, ruta)

    recorrer(esquema)
    acuerdo = esquema["properties"]["acuerdos"]["items"]["properties"]
    assert acuerdo["id"]["doNotSuggest"] is True
    assert list(acuerdo)[0] == "descripcion"  # lo primero que se completa es lo que la JLE escribe
    textos = json.dumps(esquema, ensure_ascii=False)
    for ingles in ("is not", "must be", "Value", "should"):
        assert ingles not in textos


@pytest.mark.parametrize("clave, acepta", [
    ("medidas", True), ("Medidas", True), ("MEDIDAS", True), ("medida", False), ("medidas_extra", False),
])
def test_una_clave_con_mayusculas_o_acentos_la_aceptan_los_dos_o_ninguno(tmp_path, clave, acepta):
    """El editor (el esquema) y `validar` deciden lo mismo sobre una clave optativa escrita con acento o
    mayúsculas."""
    archivo = escribir(tmp_path / "x.yaml", "entidad: Colima\nperiodo: 2024-02\nreuniones: []\nacuerdos: []\n"
                                            f"{clave}: []\n")
    assert (validar([archivo], DEMO).errores == 0) is acepta
    assert _rechaza(archivo) == [not acepta]



@pytest.mark.parametrize("acuerdo, periodo, reunion, acepta", [
    ("descripcion", "periodo", "fecha", True), ("descripción", "periodo", "fecha", True),
    ("Descripción", "período", "Fecha", True), ("DESCRIPCIÓN", "PERIODO", "FECHA", True),
    ("descripcion", "período", "fecha", True),
    ("descripciones", "periodo", "fecha", False), ("descripcion", "periodos", "fecha", False),
    ("descripcion", "periodo", "fechas", False),
    ("descripcion: Otro.\n    descripción", "periodo", "fecha", False),  # la misma clave dos veces
])
def test_una_clave_obligatoria_con_acento_la_aceptan_los_dos_o_ninguno(tmp_path, acuerdo, periodo, reunion, acepta):
    """Una clave obligatoria escrita con acento o mayúsculas («descripción», «período») es la misma para
    `validar`; el editor no la puede pedir solo como en la plantilla (antes: `validar` la aceptaba y el
    esquema la rechazaba). Y si falta de verdad (otra palabra), los dos la rechazan."""
    archivo = escribir(tmp_path / "x.yaml", f"entidad: Colima\n{periodo}: 2024-02\n"
                                            f"reuniones:\n  - {reunion}: 2024-02-01\n"
                                            f"acuerdos:\n  - {acuerdo}: Un acuerdo.\n"
                                            f"medidas:\n  - {acuerdo}: Una medida.\n")
    aceptado = validar([archivo], DEMO).errores == 0
    assert aceptado is acepta
    assert _rechaza(archivo) == [not acepta]


@pytest.mark.parametrize("clave, valor, acepta", [
    ("periodo", "2024-02", True), ("período", "2024-02", True), ("Período", "2024-01", False),
    ("entidad", "Colima", True), ("Entidad", "Colima", True), ("ENTIDAD", "Sonora", False),
])
def test_el_formulario_fija_entidad_y_periodo_aunque_la_clave_lleve_acento(clave, valor, acepta):
    from jsonschema import Draft202012Validator

    from types import SimpleNamespace

    from informe.seguridad.esquema import esquema_del_formulario

    periodo = SimpleNamespace(id="2024-02", inicio=date(2024, 1, 24), fin=date(2024, 2, 23))
    esquema = esquema_del_formulario(esquema_jle(), "COL", periodo)
    documento = {"entidad": "Colima", "periodo": "2024-02"}
    documento.pop(clave.lower().replace("í", "i"))
    documento[clave] = valor
    assert Draft202012Validator(esquema).is_valid(documento) is acepta
